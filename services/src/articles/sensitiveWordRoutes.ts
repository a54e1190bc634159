import { Router, type Request } from 'express';
import { unauthenticated } from '@djnet/shared';
import type { DirectoryModels } from '../directory/directoryModels';
import { tokenMatchesHash } from '../directory/registrationToken';
import type { NodeContext } from '../node/nodeContext';
import { loadSensitiveWords } from './sensitiveWordList';

/** City only: `GET /directory/sensitive-words`, for member nodes (their registration token as bearer). */
export function sensitiveWordRoutes(node: NodeContext, directory: DirectoryModels): Router {
  const router = Router();
  router.get('/directory/sensitive-words', async (req: Request, res) => {
    const token = /^Bearer\s+(\S+)$/i.exec(req.get('authorization') ?? '')?.[1];
    if (!token) throw unauthenticated('缺少注册令牌');
    const grants = await directory.RegistrationGrant.find({ revokedAt: null }, { tokenHash: 1 }).lean();
    if (!grants.some((g) => tokenMatchesHash(token, g.tokenHash))) throw unauthenticated('注册令牌无效或已撤销');
    res.set('Cache-Control', 'no-store').json({ words: await loadSensitiveWords(node) });
  });
  return router;
}
