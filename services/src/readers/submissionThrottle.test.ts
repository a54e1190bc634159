import { SubmissionThrottle } from './submissionThrottle';

describe('SubmissionThrottle', () => {
  it('allows the window’s submissions per address and kind, then says how long to wait', () => {
    const t = new SubmissionThrottle({ comment: { max: 2, windowMs: 60_000 }, entry: { max: 1, windowMs: 60_000 } });
    expect(t.retryAfterSeconds('comment', '1.1.1.1', 0)).toBe(0);
    t.record('comment', '1.1.1.1', 0);
    t.record('comment', '1.1.1.1', 10_000);
    expect(t.retryAfterSeconds('comment', '1.1.1.1', 20_000)).toBe(40);
    expect(t.retryAfterSeconds('comment', '2.2.2.2', 20_000)).toBe(0);
    expect(t.retryAfterSeconds('entry', '1.1.1.1', 20_000)).toBe(0);
    // The oldest leaves the window: one more is allowed.
    expect(t.retryAfterSeconds('comment', '1.1.1.1', 60_001)).toBe(0);
  });
});
