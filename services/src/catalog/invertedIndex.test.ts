import { InvertedIndex } from './invertedIndex';

/** A small deterministic generator, so a failure is reproducible. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('InvertedIndex', () => {
  it('answers like a naive scan across buffer, sealed segments and compaction with renumbering', () => {
    const rand = random(42);
    const index = new InvertedIndex(37);
    let docs = new Map<number, Set<number>>();
    const keyPool = [
      0,
      1,
      2,
      3,
      5,
      8,
      13,
      764_411_904,
      805_306_368,
      2 ** 31 - 1,
      ...Array.from({ length: 200 }, (_, i) => 1000 + i * 7919),
    ];
    const naive = (keys: number[]) =>
      [...docs.entries()]
        .filter(([, held]) => keys.every((k) => held.has(k)))
        .map(([ordinal]) => ordinal)
        .sort((a, b) => a - b);
    const check = () => {
      for (let q = 0; q < 60; q++) {
        const keys = Array.from(
          { length: 1 + Math.floor(rand() * 3) },
          () => keyPool[Math.floor(rand() * (q < 30 ? 12 : keyPool.length))]!,
        );
        const live = new Set(docs.keys());
        expect(index.matchAll([...new Set(keys)]).filter((o) => live.has(o))).toEqual(naive([...new Set(keys)]));
      }
    };

    let next = 0;
    for (let round = 0; round < 4; round++) {
      for (let i = 0; i < 300; i++) {
        const held = new Set<number>();
        for (const key of keyPool) if (rand() < (key < 1000 ? 0.5 : key > 2 ** 30 ? 0.3 : 0.02)) held.add(key);
        // Large gaps between ordinals need multi-byte varints.
        next += rand() < 0.05 ? 100_000 : 1;
        index.add(next, held);
        docs.set(next, held);
      }
      for (const ordinal of [...docs.keys()]) if (rand() < 0.2) docs.delete(ordinal);
      check();
      if (round % 2 === 1) {
        const ordinals = [...docs.keys()].sort((a, b) => a - b);
        const renumber = new Int32Array(next + 1).fill(-1);
        const renumbered = new Map<number, Set<number>>();
        ordinals.forEach((old, i) => {
          renumber[old] = i;
          renumbered.set(i, docs.get(old)!);
        });
        index.compact(renumber);
        docs = renumbered;
        next = ordinals.length - 1;
        expect(index.stats().segments).toBe(1);
        check();
      }
    }
    expect(index.stats().packedBytes).toBeGreaterThan(0);
  });

  it('refuses ordinals out of order and answers [] for no keys or unknown keys', () => {
    const index = new InvertedIndex();
    index.add(5, [1, 2]);
    expect(() => index.add(5, [1])).toThrow(RangeError);
    expect(index.matchAll([])).toEqual([]);
    expect(index.matchAll([1, 3])).toEqual([]);
    expect(index.matchAll([2, 1])).toEqual([5]);
    index.compact(new Int32Array([-1, -1, -1, -1, -1, -1]));
    expect(index.matchAll([1])).toEqual([]);
    expect(index.stats().keys).toBe(0);
    index.add(0, [1]);
    expect(index.matchAll([1])).toEqual([0]);
  });
});
