import { canonicalJson, plainJson } from './canonicalJson';

describe('canonical JSON', () => {
  it('sorts keys at every level and is stable across key order', () => {
    const a = { b: 1, a: { d: [3, { z: 1, y: '党建' }], c: null } };
    const b = { a: { c: null, d: [3, { y: '党建', z: 1 }] }, b: 1 };
    expect(canonicalJson(a)).toBe('{"a":{"c":null,"d":[3,{"y":"党建","z":1}]},"b":1}');
    expect(canonicalJson(b)).toBe(canonicalJson(a));
  });

  it('drops undefined members like a database round trip, and refuses what JSON cannot carry', () => {
    expect(canonicalJson({ a: undefined, b: 2 })).toBe('{"b":2}');
    expect(canonicalJson(plainJson({ at: new Date('2024-01-01T00:00:00Z') }))).toBe('{"at":"2024-01-01T00:00:00.000Z"}');
    expect(() => canonicalJson({ n: Number.NaN })).toThrow();
    expect(() => canonicalJson({ f: () => 1 })).toThrow();
  });
});
