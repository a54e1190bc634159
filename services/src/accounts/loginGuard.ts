import { LoginThrottle } from './loginThrottle';

/** The limits of password guessing (per node process). */
export const LOGIN_LIMITS = {
  /** Failures of one source for one account before that source must wait out the window. */
  perSourceAccount: 10,
  /** Failures of one source over all accounts (a spray of usernames) before it must wait out the window. */
  perSource: 50,
  /** Failures of an account from all sources before sources it has never signed in from are slowed down. */
  perAccount: 20,
  windowMs: 10 * 60_000,
  /** The first wait once an account is over its free failures; it doubles with each further failure. */
  accountBackoffMs: 1_000,
  /** The longest wait: a source new to the account may always try again within this time. */
  accountBackoffMaxMs: 5 * 60_000,
  /** How long a source that signed an account in stays known to it. */
  knownSourceMs: 30 * 24 * 3_600_000,
  /** Known sources remembered per account. */
  knownSourcesPerAccount: 10,
  /** Accounts (and source keys) remembered; the least recently used are forgotten first. */
  maxKeys: 50_000,
} as const;

export type LoginLimits = { [K in keyof typeof LOGIN_LIMITS]: number };

export type LoginRefusal = { scope: 'source' | 'account'; retryAfterSeconds: number };

/**
 * Slows password guessing without letting anyone lock an account's owner out (issue 18):
 * - a source (client address, see shared/src/http/clientAddress.ts) that fails for one account, or for many, waits
 *   out a window — it blocks itself, never anyone else;
 * - an account attacked from many sources is slowed down with a doubling wait (capped) for sources it has never
 *   signed in from — the sources it has signed in from recently are not slowed, so its owner still gets in.
 * Refused attempts check no password and count nothing. In memory, per process, bounded.
 */
export class LoginGuard {
  private readonly sourceAccount: LoginThrottle;
  private readonly source: LoginThrottle;
  private readonly account: LoginThrottle;
  /** Account → source → when it last signed the account in (ms); insertion order is recency. */
  private readonly known = new Map<string, Map<string, number>>();

  constructor(readonly limits: LoginLimits = LOGIN_LIMITS) {
    this.sourceAccount = new LoginThrottle(limits.perSourceAccount, limits.windowMs, limits.maxKeys);
    this.source = new LoginThrottle(limits.perSource, limits.windowMs, limits.maxKeys);
    // Counts every failure in the window; the backoff below decides when it refuses.
    this.account = new LoginThrottle(Number.MAX_SAFE_INTEGER, limits.windowMs, limits.maxKeys);
  }

  /** Why this attempt must wait, or null when it may check the password now. */
  check(account: string, source: string, nowMs: number): LoginRefusal | null {
    const own = Math.max(
      this.sourceAccount.retryAfterSeconds(`${account}\u0000${source}`, nowMs),
      this.source.retryAfterSeconds(source, nowMs),
    );
    if (own > 0) return { scope: 'source', retryAfterSeconds: own };
    if (this.isKnown(account, source, nowMs)) return null;
    const failures = this.account.failuresWithin(account, nowMs);
    const over = failures.length - this.limits.perAccount;
    if (over < 0) return null;
    const waitMs = Math.min(this.limits.accountBackoffMs * 2 ** Math.min(over, 30), this.limits.accountBackoffMaxMs);
    const readyAt = failures[failures.length - 1]! + waitMs;
    return readyAt > nowMs ? { scope: 'account', retryAfterSeconds: Math.max(1, Math.ceil((readyAt - nowMs) / 1000)) } : null;
  }

  recordFailure(account: string, source: string, nowMs: number): void {
    this.sourceAccount.recordFailure(`${account}\u0000${source}`, nowMs);
    this.source.recordFailure(source, nowMs);
    this.account.recordFailure(account, nowMs);
  }

  /** A right password: the source's failures for the account are forgotten and the source becomes known to it. */
  recordSuccess(account: string, source: string, nowMs: number): void {
    this.sourceAccount.reset(`${account}\u0000${source}`);
    if (!source) return;
    const sources = this.known.get(account) ?? new Map<string, number>();
    this.known.delete(account);
    sources.delete(source);
    sources.set(source, nowMs);
    while (sources.size > this.limits.knownSourcesPerAccount) sources.delete(sources.keys().next().value!);
    this.known.set(account, sources);
    while (this.known.size > this.limits.maxKeys) this.known.delete(this.known.keys().next().value!);
  }

  private isKnown(account: string, source: string, nowMs: number): boolean {
    const at = source ? this.known.get(account)?.get(source) : undefined;
    return at !== undefined && nowMs - at < this.limits.knownSourceMs;
  }
}

/** The process-wide guard used by login. */
export const loginGuard = new LoginGuard();
