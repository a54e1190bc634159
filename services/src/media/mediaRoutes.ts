import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import express, { Router, type Request, type Response } from 'express';
import { authenticateRequest } from '../accounts/authenticateRequest';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { IMMUTABLE_CACHE_CONTROL, MEDIA_CSP, contentDisposition, decodeTextHeader, etagMatches } from './mediaHttp';
import { MEDIA_TYPES } from './mediaPolicy';
import { mediaView } from './mediaView';
import { readMedia } from './readMedia';
import { MediaTooLarge, acceptedContentType, requireMediaUploader, sizeLimitOf, storeMedia } from './storeMedia';

async function requestContext(node: NodeContext, req: Request): Promise<RequestContext> {
  return {
    node,
    actor: await authenticateRequest(node, req.get('authorization')),
    requestId: req.get('x-request-id') ?? undefined,
    ip: req.ip,
  };
}

/** The raw body, at most `limit` bytes (a larger one is refused as soon as it is seen, as 413). */
async function readRawBody(req: Request, res: Response, limit: number, contentType: string): Promise<Buffer> {
  const parse = express.raw({ type: () => true, limit, inflate: false });
  await new Promise<void>((resolve, reject) => {
    parse(req, res, (err?: unknown) => {
      if ((err as { type?: string } | undefined)?.type === 'entity.too.large') reject(new MediaTooLarge(limit, contentType));
      else if (err) reject(err as Error);
      else resolve();
    });
  });
  return Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
}

function isPrematureClose(e: unknown): boolean {
  return (e as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE';
}

/**
 * Upload (POST /media, signed-in writers; the raw file as the body, its type in Content-Type, its name in
 * X-Filename and an optional X-Alt, both URL-encoded) and serving (GET /media/:id). The rules live in
 * storeMedia and readMedia; these routes only translate HTTP.
 */
export function mediaRoutes(node: NodeContext): Router {
  const router = Router();

  router.post('/media', async (req, res) => {
    const ctx = await requestContext(node, req);
    // Refuse before reading the body: who, what type, how large (when declared).
    requireMediaUploader(ctx);
    const filename = decodeTextHeader(req.get('x-filename'), 'X-Filename') ?? '';
    const alt = decodeTextHeader(req.get('x-alt'), 'X-Alt') ?? null;
    const contentType = acceptedContentType(req.get('content-type'), filename);
    const limit = sizeLimitOf(contentType);
    const declaredLength = Number(req.get('content-length') ?? 0);
    if (declaredLength > limit) throw new MediaTooLarge(limit, contentType, declaredLength);

    const bytes = await readRawBody(req, res, limit, contentType);
    const { doc, created } = await storeMedia(ctx, { bytes, contentType, filename, alt });
    const view = mediaView(doc, node.site.url || `${req.protocol}://${req.get('host')}`);
    res
      .status(created ? 201 : 200)
      .location(view.url)
      .json(view);
  });

  router.get('/media/:id', async (req, res) => {
    const media = await readMedia(node, req.params.id);
    const { info } = media;
    const etag = `"${info.sha256}"`;
    res.setHeader('ETag', etag);
    res.setHeader('Cache-Control', IMMUTABLE_CACHE_CONTROL);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (etagMatches(req.get('if-none-match'), etag)) {
      res.status(304).end();
      return;
    }
    // setHeader, not res.type(): the stored type exactly, without a charset express would add to text/plain.
    res.setHeader('Content-Type', info.contentType);
    res.setHeader('Content-Length', String(info.size));
    res.setHeader(
      'Content-Disposition',
      contentDisposition(MEDIA_TYPES[info.contentType]?.kind === 'image' ? 'inline' : 'attachment', info.filename),
    );
    res.setHeader('Content-Security-Policy', MEDIA_CSP);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    try {
      await pipeline(Readable.from(media.parts()), res);
    } catch (e) {
      if (!isPrematureClose(e)) throw e; // the client went away: nothing to answer
    }
  });

  return router;
}
