import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Leading zero bits the browser's hash must have: about 16,000 SHA-256 on average, well under a second. */
export const POW_DIFFICULTY = 14;
/** A challenge is good for this long after it was issued. */
const CHALLENGE_TTL_MS = 30 * 60_000;
/** Used challenges remembered (each may be redeemed once). */
const MAX_USED = 100_000;

export interface Challenge {
  token: string;
  difficulty: number;
  /** The no-script fallback: a sum to answer, e.g. 「3 加 8 等于几？」. */
  question: string;
}

interface ChallengePayload {
  p: string;
  t: number;
  n: string;
  d: number;
}

/** Whether SHA-256(`<token>:<work>`) starts with `difficulty` zero bits. */
export function workValid(token: string, work: string, difficulty: number): boolean {
  if (!/^\d{1,12}$/.test(work)) return false;
  const digest = createHash('sha256').update(`${token}:${work}`).digest();
  let bits = difficulty;
  for (const byte of digest) {
    if (bits <= 0) return true;
    if (bits >= 8) {
      if (byte !== 0) return false;
      bits -= 8;
    } else {
      return byte >> (8 - bits) === 0;
    }
  }
  return bits <= 0;
}

/** Finds a work value for a challenge (what the served script does in the browser; tests and the benchmark use it). */
export function solveChallenge(token: string, difficulty: number): string {
  for (let i = 0; ; i++) if (workValid(token, String(i), difficulty)) return String(i);
}

/**
 * A proof-of-work check with no third-party service: the node issues a challenge signed with an HMAC (no state
 * kept until it is redeemed), a small first-party script (`/readers/pow.js`) finds a number whose hash with the
 * token has enough leading zero bits, and the node checks it — cheap to verify, costly to do in bulk. Without
 * script a reader answers a small sum instead, whose numbers derive from the secret and the challenge (not in the
 * token). Each challenge is accepted once and for 30 minutes. The secret is derived from the node's signing key
 * (Ed25519 signatures are deterministic), so every process of a node agrees.
 */
export class ProofOfWork {
  private readonly used = new Map<string, number>();

  constructor(
    private readonly secret: Buffer,
    readonly difficulty = POW_DIFFICULTY,
  ) {}

  private mac(data: string): Buffer {
    return createHmac('sha256', this.secret).update(data).digest();
  }

  private sumOf(nonce: string): [number, number] {
    const m = this.mac(`sum:${nonce}`);
    return [1 + (m[0]! % 9), 1 + (m[1]! % 9)];
  }

  issue(purpose: string, nowMs = Date.now()): Challenge {
    const payload: ChallengePayload = { p: purpose, t: nowMs, n: randomBytes(12).toString('base64url'), d: this.difficulty };
    const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
    const token = `${body}.${this.mac(body).toString('base64url')}`;
    const [a, b] = this.sumOf(payload.n);
    return { token, difficulty: this.difficulty, question: `${a} 加 ${b} 等于几？（请填写阿拉伯数字）` };
  }

  /**
   * Redeems a challenge: valid signature, purpose and age, not used before, and either the work or the sum's
   * answer right. Returns a message for the reader when it is refused, null when accepted.
   */
  redeem(purpose: string, token: string, answer: { work?: string; sum?: string }, nowMs = Date.now()): string | null {
    const [body, sig] = token.split('.');
    if (!body || !sig || token.length > 400) return '验证信息无效，请刷新页面后重试';
    const expected = this.mac(body);
    const given = Buffer.from(sig, 'base64url');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return '验证信息无效，请刷新页面后重试';
    let payload: ChallengePayload;
    try {
      payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as ChallengePayload;
    } catch {
      return '验证信息无效，请刷新页面后重试';
    }
    if (payload.p !== purpose) return '验证信息无效，请刷新页面后重试';
    if (nowMs - payload.t > CHALLENGE_TTL_MS || payload.t > nowMs + 60_000) return '验证已过期，请刷新页面后重试';
    if (this.used.has(payload.n)) return '该验证已使用，请刷新页面后重试';
    const worked = !!answer.work && workValid(token, answer.work, payload.d);
    const [a, b] = this.sumOf(payload.n);
    const summed = !!answer.sum && answer.sum.trim() === String(a + b);
    if (!worked && !summed) return answer.sum ? '验证答案不正确' : '请回答验证问题';
    this.used.set(payload.n, payload.t);
    if (this.used.size > MAX_USED) {
      for (const [n, t] of this.used) if (nowMs - t > CHALLENGE_TTL_MS || this.used.size > MAX_USED) this.used.delete(n);
    }
    return null;
  }

  /** The sum's answer of a token (tests of the no-script path). */
  answerOf(token: string): string {
    const payload = JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8')) as ChallengePayload;
    const [a, b] = this.sumOf(payload.n);
    return String(a + b);
  }
}

/**
 * The first-party script served at /readers/pow.js: for each form with `data-pow`, finds the work with the
 * browser's SubtleCrypto and fills `pow_work`, then marks the sum question as not needed. Without it (no script,
 * old browser) the reader answers the sum.
 */
export const POW_SCRIPT = `(function () {
  'use strict';
  function zeroBits(bytes, bits) {
    for (var i = 0; bits > 0; i++, bits -= 8) {
      if (bits >= 8) { if (bytes[i] !== 0) return false; }
      else if (bytes[i] >> (8 - bits) !== 0) return false;
    }
    return true;
  }
  async function solve(token, difficulty) {
    var enc = new TextEncoder();
    for (var n = 0; ; n++) {
      var digest = new Uint8Array(await crypto.subtle.digest('SHA-256', enc.encode(token + ':' + n)));
      if (zeroBits(digest, difficulty)) return String(n);
    }
  }
  document.querySelectorAll('form[data-pow]').forEach(function (form) {
    var token = form.querySelector('input[name=pow_token]');
    var work = form.querySelector('input[name=pow_work]');
    var status = form.querySelector('.pow-status');
    if (!token || !work || !window.crypto || !crypto.subtle) return;
    solve(token.value, Number(form.getAttribute('data-pow'))).then(function (value) {
      work.value = value;
      var sum = form.querySelector('.pow-sum');
      if (sum) sum.hidden = true;
      if (status) status.textContent = '已自动完成人机验证。';
    });
  });
})();
`;
