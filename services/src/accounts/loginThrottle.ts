/**
 * A sliding window of events per key: after `maxFailures` events for one key within `windowMs`, the key must wait
 * until the oldest leaves the window. Login (accounts/loginGuard.ts) and readers' submissions count with it. In memory, per
 * process: each replica of a node counts on its own, which still bounds guessing to a handful per minute.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    readonly maxFailures = 10,
    readonly windowMs = 10 * 60_000,
    private readonly maxKeys = 50_000,
  ) {}

  /** Seconds until the key may try again; 0 when it may try now. */
  retryAfterSeconds(key: string, nowMs: number): number {
    const recent = this.recent(key, nowMs);
    if (recent.length < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((recent[recent.length - this.maxFailures]! + this.windowMs - nowMs) / 1000));
  }

  /** The times of the key's failures within the window, oldest first. */
  failuresWithin(key: string, nowMs: number): readonly number[] {
    return this.recent(key, nowMs);
  }

  recordFailure(key: string, nowMs: number): void {
    const recent = this.recent(key, nowMs);
    recent.push(nowMs);
    this.failures.delete(key);
    this.failures.set(key, recent);
    if (this.failures.size > this.maxKeys) this.evict(nowMs);
  }

  reset(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, nowMs: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => nowMs - t < this.windowMs);
  }

  /** Drops expired keys, then the least recently failed ones, to keep memory bounded under a spray of usernames. */
  private evict(nowMs: number): void {
    for (const [key, times] of this.failures) {
      if (times.every((t) => nowMs - t >= this.windowMs)) this.failures.delete(key);
    }
    for (const key of this.failures.keys()) {
      if (this.failures.size <= this.maxKeys) break;
      this.failures.delete(key);
    }
  }
}
