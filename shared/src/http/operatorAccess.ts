import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ErrorCode } from '../errors/codes';
import { errorBody } from './errorHandler';

/**
 * Guards operator paths — the gateway's `/internal/*` (pokes from nodes) and `/metrics`, a node's `/metrics` — with a
 * configured token: `Authorization: Bearer <token>`, compared in constant time. Without a token configured,
 * `withoutToken` says who passes: `loopback`, only the host itself (the peer's address, whatever `X-Forwarded-For`
 * says), or `open`, everyone (the gateway's paths, which its deployments keep off the public network).
 */
export function operatorAccess(token: string | undefined, withoutToken: 'loopback' | 'open' = 'loopback'): RequestHandler {
  if (!token && withoutToken === 'open') return (_req, _res, next) => next();
  if (!token) {
    return (req, res, next) => {
      if (isLoopback(req.socket.remoteAddress)) {
        next();
        return;
      }
      res.status(401).json(errorBody(ErrorCode.UNAUTHENTICATED, '未配置内部令牌，仅本机可访问'));
    };
  }
  const expected = Buffer.from(token);
  return (req, res, next) => {
    const header = req.get('authorization') ?? '';
    const given = Buffer.from(header.startsWith('Bearer ') ? header.slice(7) : '');
    if (given.length === expected.length && timingSafeEqual(given, expected)) {
      next();
      return;
    }
    res.status(401).json(errorBody(ErrorCode.UNAUTHENTICATED, '缺少或错误的内部令牌'));
  };
}

function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith('::ffff:') ? address.slice(7) : address;
  return v4 === '::1' || /^127\./.test(v4);
}
