import { Router } from 'express';
import type { NodeContext } from '../node/nodeContext';

/** Upload (POST /media, signed in) and serving (GET /media/:id) of images and attachments. (helper-owned: media) */
export function mediaRoutes(_node: NodeContext): Router {
  return Router();
}
