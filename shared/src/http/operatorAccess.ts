import { timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { ErrorCode } from '../errors/codes';
import { errorBody } from './errorHandler';

/**
 * Guards operator paths — the gateway's `/internal/*` (pokes from nodes) and `/metrics`, a node's `/metrics` — with a
 * configured token: `Authorization: Bearer <token>`, compared in constant time. Without a token configured every
 * request passes (the paths are then kept off the public network by the deployment).
 */
export function operatorAccess(token: string | undefined): RequestHandler {
  if (!token) return (_req, _res, next) => next();
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
