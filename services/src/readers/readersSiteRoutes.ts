import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { DomainError, errorBody, forbidden, notFound, requestError } from '@djnet/shared';
import { catalogOf } from '../catalog/catalogQueries';
import type { NodeContext } from '../node/nodeContext';
import { KeyLookupFailed } from '../network/networkView';
import { html } from '../site/html';
import { errorMain } from '../site/pages/errorPage';
import { channelsOf } from '../site/siteContent';
import { verifyPeerAuthorization } from '../syndication/peerAuth';
import { catalogTitles } from './catalogTitles';
import { POW_SCRIPT } from './proofOfWork';
import type { ContestDoc, ContestEntryDoc, TopicDoc } from './readersModels';
import { sendReadersPage } from './readersPage';
import { readersOf, type ReadersRuntime } from './readersRuntime';
import {
  commentFormMain,
  contestMain,
  contestsMain,
  entryFormMain,
  entryMain,
  limitedMain,
  messageFormMain,
  messagesMain,
  mostReadMain,
  topicMain,
  topicPageMain,
  topicsMain,
  type Errors,
  type TopicModel,
} from './readersSitePages';
import { submitComment } from './submitComment';
import { submitContestEntry } from './submitContestEntry';
import { topicItems } from './topicItems';
import type { SubmissionKind } from './submissionThrottle';
import { chinaDay } from './visitCounter';
import { collectVisits, dayRange, topScopes, VISITS_PURPOSE } from './visitStats';

const one = (v: unknown, max = 40_000): string => (typeof v === 'string' ? v.slice(0, max) : '');

class NotHere extends Error {}

/** The form's fields as the reader typed them (to show them again next to the errors). */
function formValues(body: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(body ?? {}))
    if (typeof v === 'string' && !k.startsWith('pow_') && k !== '_csrf') out[k] = v.slice(0, 40_000);
  return out;
}

function fieldOf(e: DomainError): string {
  const f = e.details?.field;
  return typeof f === 'string' && f ? f : '_form';
}

/**
 * The readers' public pages: topics (/topics, a topic with its sections and sub-pages), essay contests (rules,
 * the entry form, results, winners' entries), comments on an article (/articles/:id/comment: the form; approved
 * comments are on the article page), the message board (/messages), the most-read list (/most-read). Forms take
 * a proof of work (or the sum) and are rate-limited per client address. Also `/readers/pow.js` and, for the
 * parent node only, `/readers/visits` (the statistics roll-up).
 */
export function readersSiteRoutes(node: NodeContext): Router {
  const router = Router();
  const forms = express.urlencoded({ extended: false, limit: '256kb' });
  const rt = (): ReadersRuntime => {
    const r = readersOf(node);
    if (!r) throw new NotHere('读者互动功能未启动');
    return r;
  };
  const visitorOf = (req: Request) => rt().visits.visitorHash(chinaDay(node.now()), req.ip ?? '', req.get('user-agent') ?? '');

  /**
   * The address's limit, then the human check: null when the submission may go on (the route counts it with
   * `accepted` once stored, so a reader correcting a mistake is not held up), else the errors to show.
   */
  const admit = (req: Request, res: Response, kind: SubmissionKind, purpose: string): Errors | 'limited' | null => {
    const r = rt();
    const wait = r.throttle.retryAfterSeconds(kind, req.ip);
    if (wait > 0) {
      res.set('Retry-After', String(wait));
      return 'limited';
    }
    const refused = r.pow.redeem(purpose, one(req.body?.pow_token, 400), {
      work: one(req.body?.pow_work, 20),
      sum: one(req.body?.pow_sum, 10),
    });
    if (refused) return { pow_sum: refused };
    return null;
  };
  const accepted = (req: Request, kind: SubmissionKind) => rt().throttle.record(kind, req.ip);

  router.get('/readers/pow.js', (_req, res) => {
    res
      .type('application/javascript')
      .set('Cache-Control', 'public, max-age=3600')
      .set('X-Content-Type-Options', 'nosniff')
      .send(POW_SCRIPT);
  });

  // ---- comments on articles
  const articleOf = (id: string) => {
    if (!/^[0-9a-f]{24}$/.test(id) || catalogOf(node).signatureOf(id) === undefined) throw notFound('该信息不存在或已撤回');
    return id;
  };
  const articleTitle = async (id: string) => catalogTitles(node, [id]).get(id) ?? '';

  router.get('/articles/:id/comment', async (req, res) => {
    const id = articleOf(String(req.params.id));
    await sendReadersPage(node, req, res, {
      title: '发表评论',
      description: '发表评论',
      section: '',
      script: true,
      noindex: true,
      main: commentFormMain({ id, title: await articleTitle(id) }, {}, {}, rt().pow.issue('comment'), req.query.sent === '1'),
    });
  });

  router.post('/articles/:id/comment', forms, async (req, res) => {
    const id = articleOf(String(req.params.id));
    const values = formValues(req.body);
    const again = async (errors: Errors, status: number) =>
      sendReadersPage(node, req, res, {
        title: '发表评论',
        description: '发表评论',
        section: '',
        script: true,
        noindex: true,
        status,
        main: commentFormMain({ id, title: await articleTitle(id) }, values, errors, rt().pow.issue('comment'), false),
      });
    const admitted = admit(req, res, 'comment', 'comment');
    if (admitted === 'limited') return limited(req, res, 'comment');
    if (admitted) return again(admitted, 400);
    try {
      await submitComment(node, { kind: 'comment', article: id, nickname: values.nickname, body: values.body ?? '' }, visitorOf(req));
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return again({ [fieldOf(e)]: e.message }, e.httpStatus);
    }
    accepted(req, 'comment');
    res.redirect(303, `/articles/${id}/comment?sent=1`);
  });

  const limited = (req: Request, res: Response, kind: SubmissionKind) =>
    sendReadersPage(node, req, res, {
      title: '提交过于频繁',
      description: '提交过于频繁',
      section: '',
      status: 429,
      noindex: true,
      main: limitedMain(rt().throttle.retryAfterSeconds(kind, req.ip)),
    });

  // ---- messages (留言)
  router.get('/messages', async (req, res) => {
    await sendReadersPage(node, req, res, {
      title: '留言板',
      description: `${node.config.name}留言板：读者留言与答复。`,
      section: '/messages',
      cache: req.query.sent !== '1',
      main: messagesMain(node.config.name, rt().comments.publicMessages(), req.query.sent === '1'),
    });
  });
  router.get('/messages/new', async (req, res) => {
    await sendReadersPage(node, req, res, {
      title: '我要留言',
      description: '给本站留言',
      section: '/messages',
      script: true,
      noindex: true,
      main: messageFormMain(node.config.name, {}, {}, rt().pow.issue('message')),
    });
  });
  router.post('/messages', forms, async (req, res) => {
    const values = formValues(req.body);
    const again = (errors: Errors, status: number) =>
      sendReadersPage(node, req, res, {
        title: '我要留言',
        description: '给本站留言',
        section: '/messages',
        script: true,
        noindex: true,
        status,
        main: messageFormMain(node.config.name, values, errors, rt().pow.issue('message')),
      });
    const admitted = admit(req, res, 'comment', 'message');
    if (admitted === 'limited') return limited(req, res, 'comment');
    if (admitted) return again(admitted, 400);
    try {
      await submitComment(
        node,
        { kind: 'message', nickname: values.nickname, contact: values.contact, subject: values.subject, body: values.body ?? '' },
        visitorOf(req),
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return again({ [fieldOf(e)]: e.message }, e.httpStatus);
    }
    accepted(req, 'comment');
    res.redirect(303, '/messages?sent=1');
  });

  // ---- topics (专题)
  const topicOf = async (slug: string): Promise<TopicDoc> => {
    const t = /^[a-z0-9-]{2,40}$/.test(slug) ? await node.models.Topic.findById(slug).lean<TopicDoc>() : null;
    if (!t || t.status !== 'active') throw notFound('专题不存在');
    return t;
  };
  const contestsOf = async (topic: string): Promise<TopicModel['contests']> => {
    const list = await node.models.Contest.find({ topic }, { title: 1, status: 1, results: 1 }).lean<ContestDoc[]>();
    return list.map((c) => ({
      slug: c._id,
      title: c.title,
      status: c.status,
      winners: (c.results ?? [])
        .filter((r) => r.prize)
        .map((r) => ({ entryId: r.entryId, title: r.title, author: r.author, prize: r.prize! })),
    }));
  };

  router.get('/topics', async (req, res) => {
    const topics = await node.models.Topic.find({ status: 'active' }).lean<TopicDoc[]>();
    topics.sort((a, b) => new Date(b.startsAt).getTime() - new Date(a.startsAt).getTime());
    await sendReadersPage(node, req, res, {
      title: '专题',
      description: `${node.config.name}专题`,
      section: '/topics',
      cache: true,
      main: topicsMain(topics),
    });
  });

  router.get(['/topics/:slug', '/topics/:slug/sections/:section'], async (req, res) => {
    const topic = await topicOf(String(req.params.slug));
    const sectionSlug = req.params.section ? String(req.params.section) : null;
    const section = sectionSlug ? topic.sections.find((s) => s.slug === sectionSlug) : null;
    if (sectionSlug && !section) throw notFound('专题栏目不存在');
    const index = await channelsOf(node);
    const model: TopicModel = {
      topic,
      items: topicItems(node, index, topic, section ? section.rule : topic.rule),
      section: section ? { slug: section.slug, title: section.title } : null,
      contests: section ? [] : await contestsOf(topic._id),
    };
    await sendReadersPage(node, req, res, {
      title: section ? `${topic.title} · ${section.title}` : topic.title,
      description: topic.description.slice(0, 120) || topic.title,
      section: '/topics',
      cache: true,
      main: topicMain(model),
    });
  });

  router.get('/topics/:slug/pages/:page', async (req, res) => {
    const topic = await topicOf(String(req.params.slug));
    const page = topic.pages.find((p) => p.slug === String(req.params.page));
    if (!page) throw notFound('专题页面不存在');
    await sendReadersPage(node, req, res, {
      title: page.title,
      description: topic.title,
      section: '/topics',
      cache: true,
      main: topicPageMain(topic, page),
    });
  });

  // ---- contests (征文)
  const contestOf = async (slug: string): Promise<ContestDoc> => {
    const c = /^[a-z0-9-]{2,40}$/.test(slug) ? await node.models.Contest.findById(slug).lean<ContestDoc>() : null;
    if (!c) throw notFound('征文活动不存在');
    return c;
  };
  router.get('/contests', async (req, res) => {
    const list = await node.models.Contest.find({}, { title: 1, status: 1, startsAt: 1, endsAt: 1 }).lean<ContestDoc[]>();
    list.sort((a, b) => new Date(b.startsAt).getTime() - new Date(a.startsAt).getTime());
    await sendReadersPage(node, req, res, {
      title: '网络征文',
      description: `${node.config.name}网络征文`,
      section: '/contests',
      cache: true,
      main: contestsMain(list, node.now()),
    });
  });
  router.get('/contests/:slug', async (req, res) => {
    const c = await contestOf(String(req.params.slug));
    await sendReadersPage(node, req, res, {
      title: c.title,
      description: c.rules.slice(0, 120) || c.title,
      section: '/contests',
      cache: req.query.sent !== '1',
      main: contestMain(c, req.query.sent === '1', node.now()),
    });
  });
  const entryForm = async (req: Request, res: Response, c: ContestDoc, values: Record<string, string>, errors: Errors, status = 200) =>
    sendReadersPage(node, req, res, {
      title: `投稿：${c.title}`,
      description: c.title,
      section: '/contests',
      script: true,
      noindex: true,
      status,
      main: entryFormMain(c, values, errors, rt().pow.issue(`entry:${c._id}`)),
    });
  router.get('/contests/:slug/enter', async (req, res) => {
    const c = await contestOf(String(req.params.slug));
    await entryForm(req, res, c, {}, {});
  });
  router.post('/contests/:slug/enter', forms, async (req, res) => {
    const c = await contestOf(String(req.params.slug));
    const values = formValues(req.body);
    const admitted = admit(req, res, 'entry', `entry:${c._id}`);
    if (admitted === 'limited') return limited(req, res, 'entry');
    if (admitted) return entryForm(req, res, c, values, admitted, 400);
    const identity: Record<string, string> = {};
    for (const [k, v] of Object.entries(values)) if (k.startsWith('identity.')) identity[k.slice('identity.'.length)] = v;
    try {
      await submitContestEntry(
        node,
        c._id,
        { category: values.category ?? '', title: values.title ?? '', body: values.body ?? '', author: values.author ?? '', identity },
        { visitorHash: visitorOf(req) },
      );
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return entryForm(req, res, c, values, { [fieldOf(e)]: e.message }, e.httpStatus);
    }
    accepted(req, 'entry');
    res.redirect(303, `/contests/${c._id}?sent=1`);
  });
  router.get('/contests/:slug/entries/:entry', async (req, res) => {
    const c = await contestOf(String(req.params.slug));
    const id = String(req.params.entry);
    const row = c.status === 'published' ? c.results.find((r) => r.entryId === id && r.prize) : undefined;
    // Only the winners' entries are public, and only once the results are.
    const entry = row
      ? await node.models.ContestEntry.findById(id, { identity: 0, visitorHash: 0, personKey: 0 }).lean<ContestEntryDoc>()
      : null;
    if (!row || !entry) throw notFound('作品不存在或未公开');
    await sendReadersPage(node, req, res, {
      title: entry.title,
      description: `${c.title}获奖作品`,
      section: '/contests',
      cache: true,
      main: entryMain(c, { title: entry.title, author: entry.author, body: entry.body, prize: row.prize }),
    });
  });

  // ---- most read (by the visit statistics)
  let mostRead: { at: number; items: { id: string; title: string; pv: number }[] } | null = null;
  router.get('/most-read', async (req, res) => {
    if (!mostRead || Date.now() - mostRead.at > 60_000) {
      const range = dayRange(node, chinaDay(new Date(node.now().getTime() - 6 * 86_400_000)), null);
      const top = await topScopes(node, range, 'article', 60);
      const titles = catalogTitles(
        node,
        top.map((t) => t.key),
      );
      const items = top.flatMap((t) => (titles.has(t.key) ? [{ id: t.key, title: titles.get(t.key)!, pv: t.pv }] : [])).slice(0, 20);
      mostRead = { at: Date.now(), items };
    }
    await sendReadersPage(node, req, res, {
      title: '阅读排行',
      description: '近 7 天阅读排行',
      section: '',
      cache: true,
      main: mostReadMain(mostRead.items, 7),
    });
  });

  // ---- the statistics roll-up, for the parent node only (signed by its key)
  router.get('/readers/visits', async (req, res) => {
    try {
      const from = await verifyPeerAuthorization(node, req.get('authorization'), VISITS_PURPOSE);
      if (from !== node.config.parent) throw forbidden(`节点 ${from} 不是本站的上级，不能读取本站访问统计`);
      const range = dayRange(node, one(req.query.from, 10), one(req.query.to, 10));
      await rt().visits.flush(); // what this node counted in the last minute is in the answer
      const collected = await collectVisits(node, range, rt().children());
      res.set('Cache-Control', 'no-store').json({ node: node.config.code, ...collected });
    } catch (e) {
      if (!(e instanceof KeyLookupFailed)) throw e;
      res.status(503).set('Retry-After', '5').json(errorBody('SERVICE_UNAVAILABLE', e.message));
    }
  });

  // Errors of these routes: an HTML page for pages (4xx with the message), JSON for /readers/visits.
  router.use(async (err: unknown, req: Request, res: Response, next: NextFunction) => {
    if (res.headersSent || !isReadersPath(req.path)) return next(err);
    let status = 500;
    let message = '服务器暂时无法处理请求，请稍后再试。';
    const known = requestError(err);
    if (known) ({ httpStatus: status, message } = known);
    else if (err instanceof NotHere) ({ message } = err);
    else node.log.error({ err, url: req.originalUrl }, '读者互动页面出错');
    if (req.path.startsWith('/readers/')) {
      res.status(status).json(errorBody(known ? known.code : 'INTERNAL_SERVER_ERROR', message));
      return;
    }
    await sendReadersPage(node, req, res, {
      title: status === 404 ? '页面不存在' : '出错了',
      description: message,
      section: '',
      status,
      noindex: true,
      main: html`${errorMain(status, message)}`,
    });
  });

  return router;
}

function isReadersPath(path: string): boolean {
  return /^\/(topics|contests|messages|most-read|readers)(\/|$)/.test(path) || /^\/articles\/[^/]+\/comment$/.test(path);
}
