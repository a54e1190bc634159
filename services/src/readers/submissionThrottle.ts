import { createHash, randomBytes } from 'node:crypto';
import { LoginThrottle } from '../accounts/loginThrottle';

/** Limits of what one client address may submit: comments and messages, contest entries. */
export const SUBMISSION_LIMITS = {
  comment: { max: 5, windowMs: 10 * 60_000 },
  entry: { max: 3, windowMs: 60 * 60_000 },
} as const;
export type SubmissionKind = keyof typeof SUBMISSION_LIMITS;

/**
 * Rate limits per client address for readers' submissions: the sliding window of the login throttle
 * (accounts/loginThrottle.ts — one implementation of the concept), counting every accepted submission instead of
 * failed sign-ins. Addresses are kept only as salted hashes, in memory; each process of a node counts on its own.
 */
export class SubmissionThrottle {
  private readonly windows = new Map<SubmissionKind, LoginThrottle>();
  private readonly salt = randomBytes(16).toString('hex');

  constructor(limits: Record<SubmissionKind, { max: number; windowMs: number }> = SUBMISSION_LIMITS) {
    for (const kind of Object.keys(limits) as SubmissionKind[]) {
      this.windows.set(kind, new LoginThrottle(limits[kind].max, limits[kind].windowMs));
    }
  }

  private keyOf(ip: string | undefined): string {
    return createHash('sha256')
      .update(`${this.salt}\n${ip ?? ''}`)
      .digest('base64url');
  }

  /** Seconds until the address may submit again (0: now). */
  retryAfterSeconds(kind: SubmissionKind, ip: string | undefined, nowMs = Date.now()): number {
    return this.windows.get(kind)!.retryAfterSeconds(this.keyOf(ip), nowMs);
  }

  /** Counts an accepted submission. */
  record(kind: SubmissionKind, ip: string | undefined, nowMs = Date.now()): void {
    this.windows.get(kind)!.recordFailure(this.keyOf(ip), nowMs);
  }
}
