import { Router, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { badInput, errorBody, forbidden, unauthenticated } from '@djnet/shared';
import { authenticateRequest } from '../accounts/authenticateRequest';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { KeyLookupFailed } from '../network/networkView';
import { verifyPeerAuthorization } from '../syndication/peerAuth';
import { toCsv } from './csv';
import { parsePeriod } from './months';
import { collectFigures, FIGURES_PURPOSE } from './networkFigures';
import { commendation, officerRanking, type Ranking, type RankingScope } from './officerRankings';
import { officersOf } from './officersRuntime';
import { rulesHash } from './scoringRules';
import type { RankedGroup, RankedOfficer } from './rankings';

const OFFICER_HEADER = [
  '名次',
  '姓名',
  '单位',
  '节点',
  '报送',
  '发布',
  '县级采用',
  '市级采用',
  '报纸采用',
  '采用率',
  '定额',
  '完成定额',
  '积分',
];
const GROUP_HEADER = [
  '名次',
  '名称',
  '节点',
  '信息员数',
  '完成定额人数',
  '报送',
  '发布',
  '县级采用',
  '市级采用',
  '报纸采用',
  '采用率',
  '积分',
];

const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;
const officerCells = (o: RankedOfficer) => [
  o.rank,
  o.name,
  o.unit,
  o.node,
  o.figures.submitted,
  o.figures.published,
  o.figures.adoptedCounty,
  o.figures.adoptedCity,
  o.figures.newspaper,
  pct(o.adoptionRate),
  o.figures.quota,
  o.figures.quotaMet ? '是' : '否',
  o.figures.score,
];
const groupCells = (g: RankedGroup) => [
  g.rank,
  g.key,
  g.node,
  g.officers,
  g.quotaMetOfficers,
  g.submitted,
  g.published,
  g.adoptedCounty,
  g.adoptedCity,
  g.newspaper,
  pct(g.adoptionRate),
  g.score,
];

const escapeHtml = (v: unknown) =>
  String(v ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function table(caption: string, header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  const head = header.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows.length
    ? rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${header.length}">（无）</td></tr>`;
  return `<table><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The printable circular (通报): officers, units and nodes, with the period, the time and any stale source. */
export function circularHtml(siteName: string, ranking: Ranking): string {
  const label = ranking.period.kind === 'year' ? `${ranking.period.key} 年度` : `${ranking.period.key.replace('-', ' 年 ')} 月`;
  const stale = ranking.sources.filter((s) => s.stale);
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>${escapeHtml(`${siteName}信息报送情况通报（${label}）`)}</title>
<style>
body{font-family:"SimSun","Songti SC",serif;margin:2em;color:#000}h1{text-align:center;font-size:22pt}
.meta{text-align:center;color:#333}table{border-collapse:collapse;width:100%;margin:1.5em 0;font-size:11pt}
caption{font-weight:bold;font-size:14pt;margin:.5em}th,td{border:1px solid #000;padding:3px 6px;text-align:center}
.note{color:#a00}@media print{body{margin:0}a{display:none}table{page-break-inside:auto}tr{page-break-inside:avoid}}
</style></head><body>
<h1>${escapeHtml(siteName)}信息报送情况通报</h1>
<p class="meta">${escapeHtml(label)} · ${ranking.scope === 'network' ? '全网（含下级节点）' : '本站'} · 生成于 ${escapeHtml(ranking.generatedAt.toISOString())}</p>
${stale.length ? `<p class="note">以下节点暂不可达，采用其上次报来的数据：${escapeHtml(stale.map((s) => s.node).join('、'))}</p>` : ''}
${table('信息员排名', OFFICER_HEADER, ranking.officers.map(officerCells))}
${table('单位排名', GROUP_HEADER, ranking.units.map(groupCells))}
${table('节点排名', GROUP_HEADER, ranking.nodes.map(groupCells))}
</body></html>`;
}

/** Thrown when a token cannot be checked right now (the city's keys unreadable): answered 503. */
class TokenCheckLater extends Error {}

/** The signed-in staff member behind a route's Bearer token; a refused token is 401 UNAUTHENTICATED (as on /graphql). */
async function staffContext(node: NodeContext, req: Request): Promise<RequestContext> {
  try {
    return { node, actor: await authenticateRequest(node, req.get('authorization')) };
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    if (e.extensions.code === 'SERVICE_UNAVAILABLE') throw new TokenCheckLater(e.message);
    throw unauthenticated(e.message);
  }
}

function scopeOf(req: Request): RankingScope {
  const scope = req.query.scope === undefined ? 'node' : String(req.query.scope);
  if (scope !== 'node' && scope !== 'network') throw badInput('scope 须为 node 或 network', { field: 'scope' });
  return scope;
}

/** Runs a route, answering 503 when a peer's keys cannot be read from the city right now. */
const route = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
  try {
    await fn(req, res);
  } catch (e) {
    if (!(e instanceof KeyLookupFailed) && !(e instanceof TokenCheckLater)) throw e;
    res.status(503).set('Retry-After', '5').json(errorBody('SERVICE_UNAVAILABLE', e.message));
  }
};

/**
 * The officer area over HTTP:
 * - `GET /officers/rankings.csv?period=YYYY-MM|YYYY&scope=node|network&by=officers|units|nodes` (staff: Bearer token);
 * - `GET /officers/circular.html?period=…&scope=…`: the printable circular (通报);
 * - `GET /officers/commendation.csv?year=YYYY&scope=…`: the year's outstanding officers (优秀信息员);
 * - `GET /officers/figures?period=…`: this node's subtree's figures, for its parent only (node-signed request);
 * - `GET /officers/network-rules` (city): the network's scoring rules, which every node reads.
 */
export function officerRoutes(node: NodeContext): Router {
  const router = Router();

  router.get(
    '/officers/rankings.csv',
    route(async (req, res) => {
      const ctx = await staffContext(node, req);
      const by = req.query.by === undefined ? 'officers' : String(req.query.by);
      if (!['officers', 'units', 'nodes'].includes(by)) throw badInput('by 须为 officers、units 或 nodes', { field: 'by' });
      const ranking = await officerRanking(ctx, String(req.query.period ?? ''), scopeOf(req));
      const csv =
        by === 'officers'
          ? toCsv(OFFICER_HEADER, ranking.officers.map(officerCells))
          : toCsv(GROUP_HEADER, (by === 'units' ? ranking.units : ranking.nodes).map(groupCells));
      res
        .set('Content-Type', 'text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="officers-${by}-${ranking.period.key}.csv"`)
        .set('Cache-Control', 'private, no-store')
        .send(csv);
    }),
  );

  router.get(
    '/officers/circular.html',
    route(async (req, res) => {
      const ctx = await staffContext(node, req);
      const ranking = await officerRanking(ctx, String(req.query.period ?? ''), scopeOf(req));
      res
        .set('Content-Type', 'text/html; charset=utf-8')
        .set('Cache-Control', 'private, no-store')
        .set('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'")
        .send(circularHtml(node.config.name, ranking));
    }),
  );

  router.get(
    '/officers/commendation.csv',
    route(async (req, res) => {
      const ctx = await staffContext(node, req);
      const year = Number(req.query.year);
      if (!Number.isInteger(year)) throw badInput('year 须为年份，如 2026', { field: 'year' });
      const list = await commendation(ctx, year, scopeOf(req));
      res
        .set('Content-Type', 'text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="commendation-${year}.csv"`)
        .set('Cache-Control', 'private, no-store')
        .send(toCsv(OFFICER_HEADER, list.officers.map(officerCells)));
    }),
  );

  router.get(
    '/officers/figures',
    route(async (req, res) => {
      const from = await verifyPeerAuthorization(node, req.get('authorization'), FIGURES_PURPOSE);
      if (from !== node.config.parent) throw forbidden(`节点 ${from} 不是本站的上级，不能读取本站信息员统计`);
      const period = parsePeriod(String(req.query.period ?? ''));
      const collected = await collectFigures(node, period, officersOf(node)?.children() ?? []);
      res.set('Cache-Control', 'no-store').json({ node: node.config.code, period: period.key, ...collected });
    }),
  );

  router.get('/officers/network-rules', async (_req, res) => {
    if (node.config.tier !== 'city') throw forbidden('全网积分规则由市级节点提供');
    const held = await node.models.OfficerRules.findById('network').lean();
    const rules = held?.rules ?? {};
    res.set('Cache-Control', 'no-store').json({ rules, hash: rulesHash(rules) });
  });

  return router;
}
