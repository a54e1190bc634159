import { LruMap } from './lruMap';

export interface RateDecision {
  allowed: boolean;
  limit: number;
  /** Whole requests left right now. */
  remaining: number;
  /** When refused: seconds until one request is allowed again (at least 1). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

/**
 * Requests-per-minute limits as token buckets: a caller may spend its whole minute's allowance at once, then gets
 * one request back every 60/limit seconds. One bucket per caller (a partner key, or a client IP), in this process:
 * with several gateway instances behind a load balancer each enforces the limit on its own share.
 * At most `maxBuckets` callers are tracked; the least recently seen is forgotten first (it starts full again).
 */
export class RateLimiter {
  private readonly buckets: LruMap<string, Bucket>;

  constructor(
    maxBuckets = 100_000,
    private readonly now: () => number = Date.now,
  ) {
    this.buckets = new LruMap(maxBuckets);
  }

  take(caller: string, perMinute: number): RateDecision {
    const now = this.now();
    const ratePerMs = perMinute / 60_000;
    const bucket = this.buckets.get(caller) ?? { tokens: perMinute, at: now };
    bucket.tokens = Math.min(perMinute, bucket.tokens + (now - bucket.at) * ratePerMs);
    bucket.at = now;
    this.buckets.set(caller, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { allowed: true, limit: perMinute, remaining: Math.floor(bucket.tokens), retryAfterSeconds: 0 };
    }
    const waitMs = (1 - bucket.tokens) / ratePerMs;
    return { allowed: false, limit: perMinute, remaining: 0, retryAfterSeconds: Math.max(1, Math.ceil(waitMs / 1000)) };
  }

  /** Forgets callers whose bucket has refilled (they would start full anyway). */
  sweep(): void {
    const now = this.now();
    for (const [caller, bucket] of [...this.buckets.entries()]) {
      if (now - bucket.at > 60_000) this.buckets.delete(caller);
    }
  }

  get tracked(): number {
    return this.buckets.size;
  }
}
