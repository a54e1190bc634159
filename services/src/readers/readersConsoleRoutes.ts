import { Router, type Request, type Response } from 'express';
import { DomainError, notFound } from '@djnet/shared';
import { requireRole } from '../accounts/permissions';
import { channelIndexOf } from '../channels/channelIndex';
import { barChartSvg, lineChartSvg, svgDataUri } from '../charts/svgCharts';
import { directoryModels } from '../directory/directoryModels';
import {
  consoleErrorHandler,
  consoleSessionGuard,
  consoleSessionOf,
  fieldOfError,
  formText,
  sendConsolePage,
  type ConsoleSession,
} from '../console/consoleFrame';
import type { FieldErrors } from '../console/consoleForms';
import type { NodeContext } from '../node/nodeContext';
import type { SafeHtml } from '../site/html';
import { shortSiteName } from '../site/siteFormat';
import { catalogTitles } from './catalogTitles';
import { createContest, type ContestInput } from './createContest';
import { createTopic } from './createTopic';
import { moderateComment } from './moderateComment';
import { publishContestResults } from './publishContestResults';
import type { CommentDoc, CommentStatus, ContestDoc, ContestEntryDoc, ContestScoreDoc, TopicDoc } from './readersModels';
import { commentsQueueMain, contestAdminMain, contestsAdminMain, statsMain, topicsAdminMain, type StatsModel } from './readersConsolePages';
import { readersOf } from './readersRuntime';
import { replyToMessage } from './replyToMessage';
import { scoreContestEntry } from './scoreContestEntry';
import { collectVisits, dayRange, ownNodeDays, summarise, topScopes } from './visitStats';

type Session = ConsoleSession;
const str = (v: unknown, max = 40_000) => formText(v, max);
const csv = (v: string) =>
  v
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const lines = (v: string) =>
  v
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split('|').map((x) => x.trim()));
const yes = (v: string | undefined) => v === '是' || v === 'yes' || v === 'y' || v === '1';

const fieldOf = fieldOfError;

/**
 * The readers' area of the admin console (/admin/readers/…): moderation of comments and messages (approve,
 * reject, reply), topics, essay contests (entries with identity, judges' scoring, publishing results) and the
 * visit statistics with charts. Same session and form token as the console; every action calls its command.
 */
export function readersConsoleRoutes(node: NodeContext): Router {
  const router = Router();

  const page = (req: Request, res: Response, s: Session, title: string, main: SafeHtml, status = 200, current?: string) => {
    const notice = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    sendConsolePage(node, res, s, { title, main, status, current, notice });
  };

  // The console's own session check and form token (console/consoleFrame.ts), for this area's paths.
  router.use('/admin/readers', ...consoleSessionGuard(node));
  /** Runs an action with the session; a domain error becomes the console's error page (consoleErrorHandler). */
  const act = (fn: (req: Request, res: Response, s: Session) => Promise<void>) => async (req: Request, res: Response) =>
    fn(req, res, consoleSessionOf(res));

  // ---- comments and messages
  router.get(
    '/admin/readers/comments',
    act(async (req, res, s) => {
      requireRole(s.ctx, ['admin', 'editor']);
      const status = (
        ['pending', 'approved', 'rejected'].includes(str(req.query.status)) ? str(req.query.status) : 'pending'
      ) as CommentStatus;
      const list = await node.models.Comment.find({ status }, { visitorHash: 0 }).lean<CommentDoc[]>();
      list.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
      const shown = list.slice(0, 200);
      const titles = catalogTitles(
        node,
        shown.flatMap((c) => (c.article ? [c.article] : [])),
      );
      page(req, res, s, '留言评论审核', commentsQueueMain(s.csrf, status, shown, titles), 200, '/admin/readers/comments');
    }),
  );
  router.post(
    '/admin/readers/comments/:id/moderate',
    act(async (req, res, s) => {
      const decision = str(req.body?.decision) === 'approve' ? 'approve' : 'reject';
      await moderateComment(s.ctx, String(req.params.id), {
        decision,
        reason: str(req.body?.reason, 200) || undefined,
        confirmSensitive: req.body?.confirmSensitive === '1',
      });
      res.redirect(303, `/admin/readers/comments?done=${decision === 'approve' ? 'approved' : 'rejected'}`);
    }),
  );
  router.post(
    '/admin/readers/comments/:id/reply',
    act(async (req, res, s) => {
      await replyToMessage(s.ctx, String(req.params.id), {
        reply: str(req.body?.reply, 2000),
        confirmSensitive: req.body?.confirmSensitive === '1',
      });
      res.redirect(303, '/admin/readers/comments?status=approved&done=replied');
    }),
  );

  // ---- topics
  const topicsPage = async (
    req: Request,
    res: Response,
    s: Session,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const topics = await node.models.Topic.find({}).lean<TopicDoc[]>();
    topics.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
    const canCreate =
      node.config.tier !== 'township' && (s.actor.role === 'admin' || s.actor.role === 'editor' || s.actor.node !== node.config.code);
    page(req, res, s, '专题', topicsAdminMain(s.csrf, topics, values, errors, canCreate), status, '/admin/readers/topics');
  };
  router.get(
    '/admin/readers/topics',
    act(async (req, res, s) => topicsPage(req, res, s)),
  );
  router.post(
    '/admin/readers/topics',
    act(async (req, res, s) => {
      const v = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, x]) => [k, str(x)])) as Record<string, string>;
      try {
        const sections = lines(v.sections ?? '').map(([slug, title, channels, tags]) => ({
          slug: slug ?? '',
          title: title ?? '',
          rule: { channels: csv(channels ?? ''), tags: csv(tags ?? ''), picks: [] },
        }));
        const pages = (v.pages ?? '')
          .replace(/\r\n?/g, '\n')
          .split(/\n---+\n/)
          .map((block) => block.trim())
          .filter(Boolean)
          .map((block) => {
            const [head, ...body] = block.split('\n');
            const [slug, title] = (head ?? '').split('|').map((x) => x.trim());
            return { slug: slug ?? '', title: title ?? '', body: body.join('\n') };
          });
        const topic = await createTopic(s.ctx, {
          slug: v.slug ?? '',
          title: v.title ?? '',
          description: v.description ?? '',
          bannerImageId: v.bannerImageId || null,
          startsAt: v.startsAt ?? '',
          endsAt: v.endsAt || null,
          rule: { channels: csv(v.channels ?? ''), tags: csv(v.tags ?? ''), picks: csv(v.picks ?? '') },
          sections,
          pages,
        });
        res.redirect(303, `/admin/readers/topics?done=topic&slug=${topic._id}`);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        await topicsPage(req, res, s, v, { [fieldOf(e)]: e.message }, e.httpStatus);
      }
    }),
  );

  // ---- contests
  const contestsPage = async (
    req: Request,
    res: Response,
    s: Session,
    values: Record<string, string> = {},
    errors: FieldErrors = {},
    status = 200,
  ) => {
    const list = await node.models.Contest.find({}, { title: 1, endsAt: 1, status: 1, createdAt: 1 }).lean<ContestDoc[]>();
    list.sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime());
    const canCreate = s.actor.role === 'admin' || s.actor.role === 'editor' || s.actor.node !== node.config.code;
    page(req, res, s, '网络征文', contestsAdminMain(s.csrf, list, values, errors, canCreate), status, '/admin/readers/contests');
  };
  router.get(
    '/admin/readers/contests',
    act(async (req, res, s) => contestsPage(req, res, s)),
  );
  router.post(
    '/admin/readers/contests',
    act(async (req, res, s) => {
      const v = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, x]) => [k, str(x)])) as Record<string, string>;
      const input: ContestInput = {
        slug: v.slug ?? '',
        title: v.title ?? '',
        rules: v.rules ?? '',
        categories: lines(v.categories ?? '').map(([key, name]) => ({ key: key ?? '', name: name ?? '' })),
        identityFields: lines(v.identityFields ?? '').map(([key, label, required, identifies]) => ({
          key: key ?? '',
          label: label ?? '',
          required: yes(required),
          identifies: yes(identifies),
        })),
        criteria: lines(v.criteria ?? '').map(([key, name, max]) => ({ key: key ?? '', name: name ?? '', max: Number(max) })),
        prizes: lines(v.prizes ?? '').map(([name, count]) => ({ name: name ?? '', count: Number(count) })),
        judges: csv(v.judges ?? ''),
        onePerPersonPerCategory: v.onePerPersonPerCategory !== 'no',
        startsAt: v.startsAt ?? '',
        endsAt: v.endsAt ?? '',
        topic: v.topic || null,
      };
      try {
        const c = await createContest(s.ctx, input);
        res.redirect(303, `/admin/readers/contests/${c._id}?done=contest`);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        await contestsPage(req, res, s, v, { [fieldOf(e)]: e.message }, e.httpStatus);
      }
    }),
  );
  const contestPage = async (req: Request, res: Response, s: Session, slug: string, errors: FieldErrors = {}, status = 200) => {
    const c = await node.models.Contest.findById(slug).lean<ContestDoc>();
    if (!c) throw notFound('征文活动不存在');
    const isJudge = s.actor.node === node.config.code && c.judges.includes(s.actor.accountId);
    let canPublish = true;
    try {
      requireRole(s.ctx, ['admin', 'editor']);
    } catch {
      canPublish = false;
    }
    if (!isJudge && !canPublish) requireRole(s.ctx, ['admin', 'editor']);
    const [entries, scores] = await Promise.all([
      node.models.ContestEntry.find({ contest: c._id }).lean<ContestEntryDoc[]>(),
      node.models.ContestScore.find({ contest: c._id }).lean<ContestScoreDoc[]>(),
    ]);
    entries.sort((a, b) => a.category.localeCompare(b.category) || new Date(a.submittedAt).getTime() - new Date(b.submittedAt).getTime());
    const mine = new Map(scores.filter((x) => x.judge === s.actor.accountId).map((x) => [x.entry, x]));
    const counts = new Map<string, number>();
    for (const x of scores) counts.set(x.entry, (counts.get(x.entry) ?? 0) + 1);
    page(
      req,
      res,
      s,
      c.title,
      contestAdminMain(s.csrf, c, entries, mine, counts, isJudge, canPublish, errors),
      status,
      '/admin/readers/contests',
    );
  };
  router.get(
    '/admin/readers/contests/:slug',
    act(async (req, res, s) => contestPage(req, res, s, String(req.params.slug))),
  );
  router.post(
    '/admin/readers/contests/:slug/score',
    act(async (req, res, s) => {
      const scores: Record<string, number> = {};
      for (const [k, x] of Object.entries(req.body ?? {})) if (k.startsWith('score.')) scores[k.slice(6)] = Number(str(x, 10));
      try {
        await scoreContestEntry(s.ctx, str(req.body?.entry, 200), { scores });
        res.redirect(303, `/admin/readers/contests/${String(req.params.slug)}?done=scored`);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        await contestPage(req, res, s, String(req.params.slug), { [fieldOf(e)]: e.message }, e.httpStatus);
      }
    }),
  );
  router.post(
    '/admin/readers/contests/:slug/publish',
    act(async (req, res, s) => {
      const c = await publishContestResults(s.ctx, String(req.params.slug));
      res.redirect(303, `/contests/${c._id}`);
    }),
  );

  // ---- statistics
  router.get(
    '/admin/readers/stats',
    act(async (req, res, s) => {
      requireRole(s.ctx, ['admin', 'editor']);
      const scope = str(req.query.scope) === 'network' ? 'network' : 'node';
      const range = dayRange(node, str(req.query.from, 10) || null, str(req.query.to, 10) || null);
      await readersOf(node)?.visits.flush();
      const collected =
        scope === 'network'
          ? await collectVisits(node, range, readersOf(node)?.children() ?? [], 60_000)
          : { rows: await ownNodeDays(node, range), nodes: [], sources: [] };
      const byDay = new Map<string, { pv: number; uv: number }>();
      for (const r of collected.rows) {
        const d = byDay.get(r.day) ?? { pv: 0, uv: 0 };
        d.pv += r.pv;
        d.uv += r.uv;
        byDay.set(r.day, d);
      }
      const daily = [...byDay].map(([day, d]) => ({ day, ...d })).sort((a, b) => a.day.localeCompare(b.day));
      const { perNode, subtree } = summarise(collected.rows, collected.nodes);
      const names = await nodeNames(node);
      const nodes = [...perNode]
        .map(([code, t]) => ({ code, name: names.get(code) ?? code, pv: t.pv, uv: t.uv, subtreePv: subtree.get(code)?.pv ?? t.pv }))
        .sort((a, b) => b.subtreePv - a.subtreePv);
      const index = await channelIndexOf(node.models);
      const channels =
        scope === 'node' ? (await topScopes(node, range, 'channel', 30)).map((c) => ({ ...c, name: index.get(c.key)?.name ?? c.key })) : [];
      const top = scope === 'node' ? await topScopes(node, range, 'article', 30) : [];
      const titles = catalogTitles(
        node,
        top.map((a) => a.key),
      );
      const articles: StatsModel['articles'] = top.map((a) => ({ ...a, title: titles.get(a.key) ?? '（已撤回）' }));
      const dailySvg = await lineChartSvg({
        title: '每日浏览量与访客数',
        xTitle: '日期',
        yTitle: '次数',
        points: daily.flatMap((d) => [
          { x: d.day, y: d.pv, series: '浏览量' },
          { x: d.day, y: d.uv, series: '访客数' },
        ]),
      });
      const nodesSvg =
        scope === 'network'
          ? await barChartSvg(
              '各站点浏览量',
              nodes.slice(0, 40).map((n) => ({ label: shortSiteName(n.name), value: n.pv })),
              '浏览量',
            )
          : null;
      const model: StatsModel = {
        scope,
        from: range.from,
        to: range.to,
        daily,
        nodes,
        channels,
        articles,
        stale: collected.sources.filter((x) => x.stale).map((x) => x.node),
        dailyChart: dailySvg ? svgDataUri(dailySvg) : null,
        nodesChart: nodesSvg ? svgDataUri(nodesSvg) : null,
      };
      page(req, res, s, '访问统计', statsMain(model), 200, '/admin/readers/stats');
    }),
  );

  router.use('/admin/readers', consoleErrorHandler(node));
  return router;
}

const DONE: Record<string, string> = {
  approved: '已通过，将公开显示。',
  rejected: '已设为不予通过。',
  replied: '答复已发布。',
  topic: '专题已创建。',
  contest: '征文已创建。',
  scored: '评分已保存。',
};

/** Node names for the statistics (the city's directory; elsewhere the node itself and codes). */
async function nodeNames(node: NodeContext): Promise<Map<string, string>> {
  const names = new Map<string, string>([[node.config.code, node.config.name]]);
  if (node.config.tier === 'city') {
    const entries = await directoryModels(node.connection).DirectoryEntry.find({}, { code: 1, name: 1 }).lean();
    for (const e of entries) names.set(e.code, e.name);
  }
  return names;
}
