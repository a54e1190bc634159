import { RateLimiter } from './rateLimiter';

describe('RateLimiter', () => {
  it('allows a minute’s allowance at once, then refuses with the seconds until the next request', () => {
    let now = 1_000_000;
    const limiter = new RateLimiter(100, () => now);
    for (let i = 0; i < 3; i++) expect(limiter.take('key-a', 3)).toMatchObject({ allowed: true, remaining: 2 - i });
    expect(limiter.take('key-a', 3)).toEqual({ allowed: false, limit: 3, remaining: 0, retryAfterSeconds: 20 });
    now += 19_000;
    expect(limiter.take('key-a', 3)).toMatchObject({ allowed: false, retryAfterSeconds: 1 });
    now += 1_000;
    expect(limiter.take('key-a', 3).allowed).toBe(true);
  });

  it('keeps callers apart', () => {
    const limiter = new RateLimiter(100, () => 0);
    expect(limiter.take('a', 1).allowed).toBe(true);
    expect(limiter.take('a', 1).allowed).toBe(false);
    expect(limiter.take('b', 1).allowed).toBe(true);
  });

  it('refills at the limit’s rate, never above the limit', () => {
    let now = 0;
    const limiter = new RateLimiter(100, () => now);
    for (let i = 0; i < 60; i++) limiter.take('k', 60);
    expect(limiter.take('k', 60).allowed).toBe(false);
    now += 10_000;
    expect(limiter.take('k', 60)).toMatchObject({ allowed: true, remaining: 9 });
    now += 3_600_000;
    expect(limiter.take('k', 60).remaining).toBe(59);
  });

  it('forgets idle callers and bounds how many it tracks', () => {
    let now = 0;
    const limiter = new RateLimiter(2, () => now);
    limiter.take('a', 10);
    limiter.take('b', 10);
    limiter.take('c', 10);
    expect(limiter.tracked).toBe(2);
    now += 61_000;
    limiter.take('d', 10);
    limiter.sweep();
    expect(limiter.tracked).toBe(1);
  });
});
