import express, { Router, type Request, type Response } from 'express';
import { badInput, errorBody, forbidden, operatorAccess } from '@djnet/shared';
import { KeyLookupFailed } from '../network/networkView';
import { MAX_PAGE_EVENTS } from './outboxReader';
import { verifyPeerAuthorization } from './peerAuth';
import type { Syndication } from './syndication';
import { syndicationMetrics } from './syndicationMetrics';
import { STREAMS, type Stream } from './syndicationTypes';

function intParam(value: unknown, name: string, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > max) throw badInput(`${name} 须为 0–${max} 的整数`, { field: name });
  return n;
}

/** Runs a route, answering 503 (retry later) when a peer's keys cannot be read from the city right now. */
const route = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
  try {
    await fn(req, res);
  } catch (e) {
    if (!(e instanceof KeyLookupFailed)) throw e;
    res.status(503).set('Retry-After', '5').json(errorBody('SERVICE_UNAVAILABLE', e.message));
  }
};

/**
 * A node's syndication over HTTP, for its neighbours only (each request signed by the caller's node key, checked
 * against the city directory):
 * - `GET /syndication/up?after=<seq>&limit=<n>`: the up stream, for the parent;
 * - `GET /syndication/down?after=<seq>&limit=<n>`: the down stream, for the children;
 * - `POST /syndication/poke` `{ stream }`: "I have something new" — the receiver pulls that edge now.
 */
export function syndicationRoutes(syndication: Syndication): Router {
  const { node } = syndication;
  const router = Router();
  const lastAfter = new Map<string, number>();

  router.get(
    '/syndication/:stream',
    route(async (req, res) => {
      const stream = String(req.params.stream) as Stream;
      if (!STREAMS.includes(stream)) throw badInput('流须为 up 或 down', { field: 'stream' });
      const reader = await verifyPeerAuthorization(node, req.get('authorization'), `read:${stream}`);
      const allowed = stream === 'up' ? syndication.isParent(reader) : await syndication.isChildFresh(reader);
      if (!allowed) throw forbidden(`节点 ${reader} 不能读取本站的${stream === 'up' ? '上行' : '下行'}流`);
      const after = intParam(req.query.after, 'after', 0, Number.MAX_SAFE_INTEGER);
      const limit = Math.max(1, intParam(req.query.limit, 'limit', syndication.batchSize, MAX_PAGE_EVENTS));
      const page = await syndication.reader.read(stream, after, limit, reader);
      // What the reader has applied (its `after`): delivery, shown per item at the origin.
      const key = `${reader}:${stream}`;
      if (lastAfter.get(key) !== after) {
        lastAfter.set(key, after);
        await syndication.models.Reader.updateOne(
          { _id: key },
          { $set: { peer: reader, stream, after, at: node.now() } },
          { upsert: true },
        );
      }
      res.set('Cache-Control', 'no-store').json(page);
    }),
  );

  router.post(
    '/syndication/poke',
    express.json({ limit: '1kb' }),
    route(async (req, res) => {
      const from = await verifyPeerAuthorization(node, req.get('authorization'), 'poke');
      const stream = (req.body as { stream?: unknown } | undefined)?.stream;
      const ok = (stream === 'up' && (await syndication.isChildFresh(from))) || (stream === 'down' && syndication.isParent(from));
      if (!ok) throw forbidden(`节点 ${from} 不是本站的${stream === 'up' ? '下级' : '上级'}节点`);
      void syndication.pullPeer(from).catch(() => undefined);
      res.status(202).json({ accepted: true });
    }),
  );

  // Prometheus metrics of this node's syndication (for the operator's monitoring, as the gateway's /metrics).
  const metrics = syndicationMetrics(syndication);
  router.get('/metrics', operatorAccess(node.config.metricsToken), async (_req, res) => {
    res.set('Content-Type', metrics.contentType).send(await metrics.metrics());
  });

  return router;
}
