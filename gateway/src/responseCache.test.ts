import { ResponseCache, responseCacheKey } from './responseCache';

describe('ResponseCache', () => {
  it('serves an entry for its max age, reporting its age and what is left', () => {
    let now = 0;
    const cache = new ResponseCache(10, () => now);
    cache.set('k', { data: { a: 1 } }, 60, ['xingbin']);
    now = 15_000;
    expect(cache.get('k')).toEqual({ result: { data: { a: 1 } }, ageSeconds: 15, remainingSeconds: 45 });
    now = 60_000;
    expect(cache.get('k')).toBeUndefined();
    expect(cache.size).toBe(0);
  });

  it('drops what a publishing node was read for, and nothing else', () => {
    const cache = new ResponseCache(10);
    cache.set('a', { data: {} }, 60, ['laibin', 'xingbin']);
    cache.set('b', { data: {} }, 60, ['heshan']);
    expect(cache.invalidateNode('xingbin')).toBe(1);
    expect(cache.get('a')).toBeUndefined();
    expect(cache.get('b')).toBeDefined();
  });

  it('is bounded, and off at 0 entries', () => {
    const cache = new ResponseCache(2);
    for (const k of ['a', 'b', 'c']) cache.set(k, { data: {} }, 60, []);
    expect(cache.size).toBe(2);
    expect(cache.get('a')).toBeUndefined();
    const off = new ResponseCache(0);
    off.set('a', { data: {} }, 60, []);
    expect(off.enabled).toBe(false);
    expect(off.get('a')).toBeUndefined();
  });

  it('keys by query, operation and variables', () => {
    expect(responseCacheKey('h', 'Q', { n: 1 })).toBe(responseCacheKey('h', 'Q', { n: 1 }));
    expect(responseCacheKey('h', 'Q', { n: 1 })).not.toBe(responseCacheKey('h', 'Q', { n: 2 }));
    expect(responseCacheKey('h', 'Q', {})).not.toBe(responseCacheKey('h', null, {}));
  });
});
