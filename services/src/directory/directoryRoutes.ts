import express, { Router, type Request } from 'express';
import { badInput, nodeCodeSchema, notFound, type Logger } from '@djnet/shared';
import { readNodeKeys } from './directoryKeys';
import type { DirectoryModels } from './directoryModels';
import { leaveNetwork, peerUrlsOf, registerNode } from './registerNode';
import { listSubgraphs } from './subgraphListing';
import { notifyGateways, type GatewayLink } from './notifyGateways';
import type { NodeContext } from '../node/nodeContext';

function bearer(req: Request): string | undefined {
  const header = req.get('authorization');
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}

export interface DirectoryRouteOptions {
  models: DirectoryModels;
  staleAfterMs: number;
  gateways: GatewayLink;
  log: Logger;
  node: NodeContext;
}

/** The city's directory over HTTP: nodes register and leave here; the gateway reads the subgraph list here. */
export function directoryRoutes(options: DirectoryRouteOptions): Router {
  const { models, log } = options;
  const router = Router();
  router.use(express.json({ limit: '2mb' }));

  router.post('/directory/register', async (req, res) => {
    const result = await registerNode(models, bearer(req), req.body);
    if (result.changed) {
      log.info({ node: result.entry.code, url: result.entry.url }, '节点已注册或更新');
      notifyGateways(options.gateways, log);
    }
    res.json({
      code: result.entry.code,
      status: result.entry.status,
      children: result.children,
      cityCode: options.node.config.code,
      // Where the node's parent and children are reached: syndication pulls and pokes them.
      peers: await peerUrlsOf(models, result.entry.code),
    });
  });

  router.post('/directory/leave', async (req, res) => {
    const parsed = nodeCodeSchema.safeParse((req.body as { code?: unknown } | undefined)?.code);
    if (!parsed.success) throw badInput('缺少或无效的节点代码', { field: 'code' });
    const left = await leaveNetwork(models, bearer(req), parsed.data);
    if (left) {
      log.info({ node: parsed.data }, '节点已退出网群');
      notifyGateways(options.gateways, log);
    }
    res.json({ code: parsed.data, status: 'left' });
  });

  router.get('/directory/subgraphs', async (req, res) => {
    const listing = await listSubgraphs(models, options.staleAfterMs);
    res.set('ETag', listing.etag).set('Cache-Control', 'no-cache');
    if (req.get('if-none-match') === listing.etag) {
      res.status(304).end();
      return;
    }
    res.json(listing);
  });

  // Public keys of a node (active and retired), for verifying what it signed: tokens, syndication events.
  router.get('/directory/keys/:code', async (req, res) => {
    const code = String(req.params.code);
    const found = nodeCodeSchema.safeParse(code).success ? await readNodeKeys(models, code) : null;
    if (!found) throw notFound(`目录中没有节点 ${code}`);
    res.set('Cache-Control', 'max-age=30').json(found);
  });

  return router;
}
