/**
 * An inverted index over article ordinals: term key (termKeys.ts) → ascending ordinals of the articles holding it.
 *
 * Memory is what matters (a node holds 10–20k articles of ~1,000 characters, i.e. tens of millions of postings and
 * hundreds of thousands of distinct character pairs), so sealed postings are packed: per segment one sorted
 * Int32Array of keys, one Uint32Array of offsets and one Uint8Array of LEB128 varint gaps between ordinals — about
 * 8 bytes per distinct term and 1–2 bytes per posting, with no object per term. New articles go to a small
 * mutable buffer that is sealed into a segment every `bufferLimit` articles. Removal is by the caller (an ordinal
 * it no longer considers alive is skipped); `compact` merges everything into one segment, dropping dead ordinals
 * and renumbering the live ones densely.
 */

interface Segment {
  keys: Int32Array;
  /** starts[i]..starts[i+1]: the bytes of keys[i]'s postings. */
  starts: Uint32Array;
  bytes: Uint8Array;
}

class ByteWriter {
  bytes: Uint8Array;
  length = 0;

  constructor(capacity: number) {
    this.bytes = new Uint8Array(Math.max(16, capacity));
  }

  varint(value: number): void {
    if (this.length + 5 > this.bytes.length) {
      const grown = new Uint8Array(this.bytes.length * 2);
      grown.set(this.bytes.subarray(0, this.length));
      this.bytes = grown;
    }
    let v = value;
    while (v >= 0x80) {
      this.bytes[this.length++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.bytes[this.length++] = v;
  }

  /** The written bytes, copied to an exact-size array when much smaller than the buffer. */
  finish(): Uint8Array {
    return this.length < this.bytes.length * 0.9 ? this.bytes.slice(0, this.length) : this.bytes.subarray(0, this.length);
  }
}

/** Decodes one posting list into `out` (appending); returns out. */
function decode(segment: Segment, i: number, out: number[]): number[] {
  const { bytes } = segment;
  const end = segment.starts[i + 1]!;
  let pos = segment.starts[i]!;
  let ordinal = 0;
  while (pos < end) {
    let value = 0;
    let shift = 0;
    let byte: number;
    do {
      byte = bytes[pos++]!;
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    ordinal += value;
    out.push(ordinal);
  }
  return out;
}

function findKey(keys: Int32Array, key: number): number {
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid]!;
    if (k < key) lo = mid + 1;
    else if (k > key) hi = mid - 1;
    else return mid;
  }
  return -1;
}

/** Ordinals in both ascending lists. */
function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

function encodeSegment(keys: Int32Array, postingsOf: (key: number, i: number) => Iterable<number>, capacity: number): Segment {
  const starts = new Uint32Array(keys.length + 1);
  const writer = new ByteWriter(capacity);
  const kept: number[] = [];
  for (let i = 0; i < keys.length; i++) {
    const startLength = writer.length;
    let previous = 0;
    let first = true;
    for (const ordinal of postingsOf(keys[i]!, i)) {
      writer.varint(first ? ordinal : ordinal - previous);
      previous = ordinal;
      first = false;
    }
    if (writer.length > startLength) kept.push(i);
    starts[kept.length] = writer.length;
  }
  // Keys whose postings all died are dropped.
  const keptKeys = kept.length === keys.length ? keys : Int32Array.from(kept, (i) => keys[i]!);
  const keptStarts = kept.length === keys.length ? starts : starts.slice(0, kept.length + 1);
  return { keys: keptKeys, starts: keptStarts, bytes: writer.finish() };
}

export interface InvertedIndexStats {
  segments: number;
  /** Distinct keys summed over segments and the buffer. */
  keys: number;
  /** Bytes of packed postings, keys and offsets. */
  packedBytes: number;
  bufferedArticles: number;
}

export class InvertedIndex {
  private segments: Segment[] = [];
  private buffer = new Map<number, number[]>();
  private buffered = 0;
  private lastOrdinal = -1;

  constructor(private readonly bufferLimit = 512) {}

  /** Adds an article's keys. Ordinals must increase from call to call. */
  add(ordinal: number, keys: Iterable<number>): void {
    if (ordinal <= this.lastOrdinal) throw new RangeError(`ordinal ${ordinal} not above ${this.lastOrdinal}`);
    this.lastOrdinal = ordinal;
    for (const key of keys) {
      const list = this.buffer.get(key);
      if (list) list.push(ordinal);
      else this.buffer.set(key, [ordinal]);
    }
    if (++this.buffered >= this.bufferLimit) this.seal();
  }

  /** Packs the buffer into a segment. */
  seal(): void {
    if (this.buffer.size === 0) return;
    const keys = Int32Array.from(this.buffer.keys()).sort();
    let postings = 0;
    for (const list of this.buffer.values()) postings += list.length;
    const buffer = this.buffer;
    this.segments.push(encodeSegment(keys, (key) => buffer.get(key)!, postings * 2));
    this.buffer = new Map();
    this.buffered = 0;
  }

  get segmentCount(): number {
    return this.segments.length;
  }

  /** Ascending ordinals holding every key (dead ordinals included: the caller filters). [] for no keys. */
  matchAll(keys: readonly number[]): number[] {
    if (keys.length === 0) return [];
    const out: number[] = [];
    for (const segment of this.segments) {
      const found: number[] = [];
      for (const key of keys) {
        const i = findKey(segment.keys, key);
        if (i < 0) break;
        found.push(i);
      }
      if (found.length < keys.length) continue;
      // Shortest list first: every later intersection is bounded by it.
      found.sort((a, b) => segment.starts[a + 1]! - segment.starts[a]! - (segment.starts[b + 1]! - segment.starts[b]!));
      let result = decode(segment, found[0]!, []);
      for (let j = 1; j < found.length && result.length > 0; j++) result = intersect(result, decode(segment, found[j]!, []));
      for (const ordinal of result) out.push(ordinal);
    }
    const lists = keys.map((key) => this.buffer.get(key));
    if (lists.every((l): l is number[] => l !== undefined)) {
      lists.sort((a, b) => a.length - b.length);
      let result = lists[0]!;
      for (let j = 1; j < lists.length && result.length > 0; j++) result = intersect(result, lists[j]!);
      for (const ordinal of result) out.push(ordinal);
    }
    return out;
  }

  /**
   * Merges all segments and the buffer into one segment. `renumber[old]` is an ordinal's new number, or -1 to
   * drop it; new numbers must keep the old order. Synchronous: about a second per 10 million postings.
   */
  compact(renumber: Int32Array): void {
    this.seal();
    const segments = this.segments;
    let capacity = 0;
    const allKeys = new Int32Array(segments.reduce((n, s) => n + s.keys.length, 0));
    let filled = 0;
    for (const s of segments) {
      allKeys.set(s.keys, filled);
      filled += s.keys.length;
      capacity += s.bytes.length;
    }
    allKeys.sort();
    let unique = 0;
    for (let i = 0; i < allKeys.length; i++) if (i === 0 || allKeys[i] !== allKeys[i - 1]) allKeys[unique++] = allKeys[i]!;
    const keys = allKeys.slice(0, unique);

    // Every segment's keys are sorted, so one cursor per segment walks them in step with the merged keys.
    const cursors = new Array<number>(segments.length).fill(0);
    const scratch: number[] = [];
    const merged = encodeSegment(
      keys,
      (key) => {
        scratch.length = 0;
        segments.forEach((s, n) => {
          let c = cursors[n]!;
          while (c < s.keys.length && s.keys[c]! < key) c++;
          cursors[n] = c;
          if (c < s.keys.length && s.keys[c] === key) decode(s, c, scratch);
        });
        let w = 0;
        for (const old of scratch) {
          const renumbered = old < renumber.length ? renumber[old]! : -1;
          if (renumbered >= 0) scratch[w++] = renumbered;
        }
        scratch.length = w;
        return scratch;
      },
      capacity,
    );
    this.segments = merged.keys.length > 0 ? [merged] : [];
    let last = -1;
    for (const n of renumber) if (n > last) last = n;
    this.lastOrdinal = last;
  }

  stats(): InvertedIndexStats {
    let keys = this.buffer.size;
    let packedBytes = 0;
    for (const s of this.segments) {
      keys += s.keys.length;
      packedBytes += s.bytes.byteLength + s.keys.byteLength + s.starts.byteLength;
    }
    return { segments: this.segments.length, keys, packedBytes, bufferedArticles: this.buffered };
  }
}
