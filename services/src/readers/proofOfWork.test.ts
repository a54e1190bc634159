import { randomBytes } from 'node:crypto';
import { ProofOfWork, solveChallenge, workValid } from './proofOfWork';

describe('ProofOfWork', () => {
  const pow = new ProofOfWork(randomBytes(32), 10);

  it('accepts a solved challenge once, for its purpose only', () => {
    const c = pow.issue('comment');
    expect(c.difficulty).toBe(10);
    const work = solveChallenge(c.token, c.difficulty);
    expect(workValid(c.token, work, 10)).toBe(true);
    expect(pow.redeem('message', c.token, { work })).toBe('验证信息无效，请刷新页面后重试');
    expect(pow.redeem('comment', c.token, { work })).toBeNull();
    expect(pow.redeem('comment', c.token, { work })).toBe('该验证已使用，请刷新页面后重试');
  });

  it('refuses wrong work, a forged token, an expired challenge, and takes the sum without script', () => {
    const c = pow.issue('comment', 1_000_000);
    let wrong = 0;
    while (workValid(c.token, String(wrong), 10)) wrong++;
    expect(pow.redeem('comment', c.token, { work: String(wrong) }, 1_000_500)).toBe('请回答验证问题');
    expect(pow.redeem('comment', c.token, { sum: '999' }, 1_000_500)).toBe('验证答案不正确');
    const [body, sig] = c.token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ p: 'comment', t: 1_000_000, n: 'x', d: 0 })).toString('base64url')}.${sig}`;
    expect(pow.redeem('comment', forged, { work: '0' }, 1_000_500)).toBe('验证信息无效，请刷新页面后重试');
    expect(pow.redeem('comment', `${body}.${sig}`, { sum: pow.answerOf(c.token) }, 1_000_000 + 31 * 60_000)).toBe(
      '验证已过期，请刷新页面后重试',
    );
    expect(c.question).toMatch(/^\d 加 \d 等于几？/);
    expect(pow.redeem('comment', c.token, { sum: pow.answerOf(c.token) }, 1_000_500)).toBeNull();
    // Another node's secret signs other tokens.
    const other = new ProofOfWork(randomBytes(32), 10).issue('comment');
    expect(pow.redeem('comment', other.token, { work: solveChallenge(other.token, 10) })).toBe('验证信息无效，请刷新页面后重试');
  });

  it('checks leading zero bits exactly', () => {
    const token = 'abc';
    const work = solveChallenge(token, 12);
    expect(workValid(token, work, 12)).toBe(true);
    expect(workValid(token, work, 0)).toBe(true);
    expect(workValid(token, 'x1', 0)).toBe(false);
  });
});
