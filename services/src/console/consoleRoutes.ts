import express, { Router, type Request, type Response } from 'express';
import { DomainError, ErrorCode } from '@djnet/shared';
import { login } from '../accounts/login';
import { REVIEWER_ROLES, WRITER_ROLES, requireRole } from '../accounts/permissions';
import { approveArticle } from '../articles/approveArticle';
import { globalArticleId } from '../articles/articleIds';
import { ARTICLE_LIMITS } from '../articles/articleContent';
import type { ArticleDoc, ArticleStatus } from '../articles/articleModel';
import { clearSensitiveHits } from '../articles/clearSensitiveHits';
import { createArticle } from '../articles/createArticle';
import { returnArticle } from '../articles/returnArticle';
import { reviewLevelsOf } from '../articles/reviewLevels';
import { startReview } from '../articles/startReview';
import { submitArticle } from '../articles/submitArticle';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { setMourningMode } from '../site/setMourningMode';
import { siteRuntimeOf } from '../site/siteRuntime';
import { adoptItem } from '../syndication/adoptItem';
import { rejectItem } from '../syndication/rejectItem';
import { syndicationOf } from '../syndication/syndicationRuntime';
import type { InboundItemDoc } from '../syndication/syndicationModels';
import type { SafeHtml } from '../site/html';
import { storeMedia } from '../media/storeMedia';
import { channelOptions, textToParagraphs, type FieldErrors } from './consoleForms';
import { consoleEditorAssets } from './consoleEditor';
import { ancestorHomes, loginAtAncestor } from './ancestorLogin';
import {
  consoleErrorHandler,
  consoleSessionGuard,
  consoleSessionOf,
  fieldOfError,
  formText,
  sendConsolePage,
  sendExpiredForm,
  type ConsoleSession,
} from './consoleFrame';
import {
  adoptionQueueMain,
  dashboardMain,
  loginMain,
  myArticlesMain,
  reviewDetailMain,
  reviewQueueMain,
  settingsMain,
  writeMain,
  type WriteValues,
} from './consolePages';
import { clearSession, csrfValid, setSession } from './consoleSession';
import { isMultipart, readMultipartForm, type UploadedFile } from './multipartForm';

/** Largest cover picture accepted from the form (the media rules allow images up to 5 MB). */
const COVER_MAX_BYTES = 5 * 1024 * 1024;

/** Fixed messages shown after an action (the query names one; no text from the request is echoed). */
const DONE: Record<string, string> = {
  submitted: '稿件已提交审核。',
  saved: '草稿已保存。',
  started: '已开始审核。',
  approved: '已通过本级审核。',
  published: '稿件已审核通过并发布。',
  returned: '稿件已退回。',
  cleared: '敏感词标记已确认。',
  adopted: '已采用，稿件已在本站发布并继续向上级报送。',
  rejected: '已标记为不采用，理由将反馈给原站点。',
  mourning: '全网设置已更新。',
};

type Session = ConsoleSession;
const text = formText;
const fieldOf = fieldOfError;

/**
 * The admin console at /admin: server-rendered forms that call the existing commands (articles/*, syndication's
 * adoptItem/rejectItem, site's setMourningMode) and show their errors next to the field they name. The session is
 * the login token in an HttpOnly, SameSite=Strict cookie; every form carries a token derived from it.
 */
/** What waits in the review queue: reported and in-review items, and published ones with a correction (修改待审). */
const IN_REVIEW = {
  $or: [
    { status: { $in: ['submitted', 'in_review'] as ArticleStatus[] } },
    { status: 'published' as const, pendingRevision: { $type: 'object' as const } },
  ],
};

export function consoleRoutes(node: NodeContext): Router {
  const router = Router();
  const forms = express.urlencoded({ extended: false, limit: '2mb' });
  const isCity = node.config.tier === 'city';

  const page = (
    res: Response,
    session: Session | null,
    req: Request,
    title: string,
    main: SafeHtml,
    options: { status?: number; current?: string } = {},
  ) => {
    const notice = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    sendConsolePage(node, res, session, { title, main, notice, ...options });
  };

  // The editor's scripts and styles need no session (they are the same for everyone).
  router.use(consoleEditorAssets());

  router.get('/admin/login', async (req, res) => {
    const next = text(req.query.next, 200);
    page(res, null, req, '登录', loginMain({ username: '', home: '' }, {}, next, ancestorHomes(node)));
  });

  router.post('/admin/login', forms, async (req, res) => {
    const username = text(req.body?.username, 64).trim();
    const password = text(req.body?.password, 256);
    const next = text(req.body?.next, 200);
    // An account of this node, or of a node above it (its tokens are accepted here).
    const home = text(req.body?.home, 64);
    const errors: FieldErrors = {};
    let status = 400;
    if (!username) errors.username = '请输入用户名';
    if (!password) errors.password = '请输入密码';
    if (Object.keys(errors).length === 0) {
      try {
        const result =
          home && home !== node.config.code
            ? await loginAtAncestor(node, home, { username, password })
            : await login(node, { username, password, ip: req.ip });
        setSession(req, res, result.token, result.expiresAt);
        res.redirect(303, /^\/admin(\/[\w/-]*)?$/.test(next) ? next : '/admin');
        return;
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        status = e.httpStatus;
        if (e.code === ErrorCode.UNAUTHENTICATED) errors.password = e.message;
        else if (e.code === ErrorCode.FORBIDDEN && home) errors.home = e.message;
        else if (e.code === ErrorCode.BAD_USER_INPUT) errors[fieldOf(e)] = e.message;
        else errors._form = e.message;
      }
    }
    page(res, null, req, '登录', loginMain({ username, home }, errors, next, ancestorHomes(node)), { status });
  });

  // Everything below needs a session; forms need their token.
  router.use('/admin', ...consoleSessionGuard(node));
  const sessionOf = consoleSessionOf;

  router.post('/admin/logout', (_req, res) => {
    clearSession(res);
    res.redirect(303, '/admin/login');
  });

  router.get('/admin', async (req, res) => {
    const s = sessionOf(res);
    const reviewer = REVIEWER_ROLES.includes(s.actor.role) || s.actor.node !== node.config.code;
    const writer = WRITER_ROLES.includes(s.actor.role) && s.actor.node === node.config.code;
    const counts = {
      mine: writer ? await node.models.Article.countDocuments({ createdBy: s.actor.accountId }) : undefined,
      review: reviewer ? await node.models.Article.countDocuments(IN_REVIEW) : undefined,
      adoption: reviewer ? ((await syndicationOf(node)?.models.InboundItem.countDocuments({ status: 'pending' })) ?? 0) : undefined,
    };
    page(res, s, req, '工作台', dashboardMain(s.actor.name, counts), { current: '/admin' });
  });

  // --- Writing -----------------------------------------------------------------------------------------------

  router.get('/admin/articles/new', async (req, res) => {
    const s = sessionOf(res);
    requireRole(s.ctx, WRITER_ROLES);
    const values: WriteValues = {
      title: '',
      channel: '',
      summary: '',
      author: s.actor.name,
      body: '',
      bodyHtml: '',
      coverAlt: '',
      coverImageId: '',
    };
    page(res, s, req, '写稿', writeMain(values, {}, await channelOptions(node), s.csrf), { current: '/admin/articles/new' });
  });

  router.post('/admin/articles', async (req, res) => {
    const s = sessionOf(res);
    requireRole(s.ctx, WRITER_ROLES);
    const errors: FieldErrors = {};
    let form: { fields: Record<string, unknown>; file: UploadedFile | null } = { fields: req.body ?? {}, file: null };
    if (isMultipart(req)) {
      try {
        form = await readMultipartForm(req, { fileBytes: COVER_MAX_BYTES });
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        errors[fieldOf(e) === '_form' ? 'cover' : fieldOf(e)] = e.message;
      }
      if (Object.keys(errors).length === 0 && !csrfValid(req, form.fields._csrf)) {
        sendExpiredForm(node, res, s);
        return;
      }
    }
    const f = form.fields;
    const values: WriteValues = {
      title: text(f.title, 1000).trim(),
      channel: text(f.channel, 200),
      summary: text(f.summary, 5000).trim(),
      author: text(f.author, 500).trim(),
      body: text(f.body),
      bodyHtml: text(f.bodyHtml, ARTICLE_LIMITS.body + 1),
      coverAlt: text(f.coverAlt, 500).trim(),
      coverImageId: /^[0-9a-f]{16,64}$/.test(text(f.coverImageId, 64)) ? text(f.coverImageId, 64) : '',
    };
    if (!values.title) errors.title = '请填写标题';
    if (!values.channel) errors.channel = '请选择栏目';
    if (!values.body.trim() && !values.bodyHtml.trim()) errors.body = '请填写正文';
    if ((form.file || values.coverImageId) && !values.coverAlt) errors.coverAlt = '请为封面图片写一句说明';
    if (form.file && !errors.cover) {
      // The picture is stored even when other fields need fixing, and kept in the form as its id.
      try {
        const { doc } = await storeMedia(s.ctx, {
          bytes: form.file.bytes,
          contentType: form.file.mimeType,
          filename: form.file.filename,
          alt: values.coverAlt || null,
        });
        if (!doc.contentType.startsWith('image/')) errors.cover = '封面须为图片';
        else values.coverImageId = doc._id;
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== ErrorCode.BAD_USER_INPUT) throw e;
        errors.cover = e.message;
      }
    }
    if (Object.keys(errors).length === 0) {
      try {
        const doc = await createArticle(s.ctx, {
          title: values.title,
          channel: values.channel,
          summary: values.summary || null,
          author: values.author || null,
          // The editor's HTML when it ran (createArticle sanitises it and checks its pictures), else the plain text.
          body: values.bodyHtml.trim() ? values.bodyHtml : textToParagraphs(values.body),
          ...(values.coverImageId ? { coverImageId: values.coverImageId } : {}),
        });
        const submit = f.action !== 'draft';
        if (submit) await submitArticle(s.ctx, globalArticleId(node.config.code, doc._id));
        res.redirect(303, `/admin/articles?done=${submit ? 'submitted' : 'saved'}`);
        return;
      } catch (e) {
        if (!(e instanceof DomainError) || e.code !== ErrorCode.BAD_USER_INPUT) throw e;
        const name = fieldOf(e);
        errors[name === 'coverImageId' ? 'cover' : name] = e.message;
      }
    }
    page(res, s, req, '写稿', writeMain(values, errors, await channelOptions(node), s.csrf), {
      status: 400,
      current: '/admin/articles/new',
    });
  });

  // A picture for the body, uploaded by the editor: stored like any media, answered with its URL (JSON).
  router.post('/admin/media', async (req, res) => {
    const s = sessionOf(res);
    requireRole(s.ctx, WRITER_ROLES);
    const refuse = (status: number, error: string) => res.status(status).set('Cache-Control', 'no-store').json({ error });
    if (!isMultipart(req)) return refuse(400, '请以 multipart/form-data 上传图片');
    let form: { fields: Record<string, unknown>; file: UploadedFile | null };
    try {
      form = await readMultipartForm(req, { fileBytes: COVER_MAX_BYTES });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      return refuse(400, e.message);
    }
    if (!csrfValid(req, form.fields._csrf)) return refuse(403, '表单已过期，请刷新页面后重试');
    const alt = text(form.fields.alt, 500).trim();
    if (!alt) return refuse(400, '请为图片写一句说明');
    if (!form.file) return refuse(400, '请选择图片');
    try {
      const { doc } = await storeMedia(s.ctx, {
        bytes: form.file.bytes,
        contentType: form.file.mimeType,
        filename: form.file.filename,
        alt,
      });
      if (!doc.contentType.startsWith('image/')) return refuse(400, '正文中只能插入图片');
      res
        .status(201)
        .set('Cache-Control', 'no-store')
        .json({ id: doc._id, url: `/media/${doc._id}`, alt });
    } catch (e) {
      if (!(e instanceof DomainError) || e.code !== ErrorCode.BAD_USER_INPUT) throw e;
      refuse(400, e.message);
    }
  });

  router.get('/admin/articles', async (req, res) => {
    const s = sessionOf(res);
    requireRole(s.ctx, WRITER_ROLES);
    const docs = await node.models.Article.find({ createdBy: s.actor.accountId }, { body: 0, bodyText: 0, transitions: 0 })
      .sort({ updatedAt: -1 })
      .limit(100)
      .lean<ArticleDoc[]>();
    page(res, s, req, '我的稿件', myArticlesMain(docs), { current: '/admin/articles' });
  });

  // --- Review --------------------------------------------------------------------------------------------------

  router.get('/admin/review', async (req, res) => {
    const s = sessionOf(res);
    requireRole(s.ctx, REVIEWER_ROLES);
    const docs = await node.models.Article.find(IN_REVIEW, { body: 0, bodyText: 0, transitions: 0 })
      .sort({ updatedAt: 1 })
      .limit(200)
      .lean<ArticleDoc[]>();
    page(res, s, req, '审核队列', reviewQueueMain(docs, await reviewLevelsOf(node)), { current: '/admin/review' });
  });

  const reviewDoc = async (s: Session, hex: string): Promise<ArticleDoc> => {
    requireRole(s.ctx, REVIEWER_ROLES);
    const doc = /^[0-9a-f]{24}$/.test(hex) ? await node.models.Article.findById(hex).lean<ArticleDoc>() : null;
    if (!doc) throw new DomainError(ErrorCode.NOT_FOUND, '稿件不存在');
    return doc;
  };

  router.get('/admin/review/:id', async (req, res) => {
    const s = sessionOf(res);
    const doc = await reviewDoc(s, String(req.params.id));
    page(res, s, req, '审核稿件', reviewDetailMain(doc, await reviewLevelsOf(node), {}, s.csrf), { current: '/admin/review' });
  });

  const ACTIONS = {
    start: async (ctx: RequestContext, id: string) => (await startReview(ctx, id), 'started'),
    approve: async (ctx: RequestContext, id: string) => ((await approveArticle(ctx, id)).status === 'published' ? 'published' : 'approved'),
    return: async (ctx: RequestContext, id: string, body: Record<string, unknown>) => {
      const reason = text(body.reason, 1000).trim();
      if (!reason) throw new DomainError(ErrorCode.BAD_USER_INPUT, '请填写退回理由', { field: 'reason' });
      await returnArticle(ctx, id, reason);
      return 'returned';
    },
    clear: async (ctx: RequestContext, id: string) => (await clearSensitiveHits(ctx, id), 'cleared'),
  } as const;

  router.post('/admin/review/:id/:action', async (req, res) => {
    const s = sessionOf(res);
    const hex = String(req.params.id);
    const action = ACTIONS[String(req.params.action) as keyof typeof ACTIONS];
    if (!action) throw new DomainError(ErrorCode.NOT_FOUND, '没有这个操作');
    await reviewDoc(s, hex);
    try {
      const done = await action(s.ctx, globalArticleId(node.config.code, hex), req.body ?? {});
      res.redirect(303, done === 'published' || done === 'returned' ? `/admin/review?done=${done}` : `/admin/review/${hex}?done=${done}`);
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== ErrorCode.BAD_USER_INPUT && e.code !== ErrorCode.CONFLICT)) throw e;
      const doc = await reviewDoc(s, hex);
      const errors: FieldErrors = { [e.code === ErrorCode.BAD_USER_INPUT ? fieldOf(e) : '_form']: e.message };
      page(res, s, req, '审核稿件', reviewDetailMain(doc, await reviewLevelsOf(node), errors, s.csrf), {
        status: e.code === ErrorCode.CONFLICT ? 409 : 400,
        current: '/admin/review',
      });
    }
  });

  // --- Adoption (采用) -----------------------------------------------------------------------------------------

  const adoptionPage = async (
    req: Request,
    res: Response,
    s: Session,
    errors: { id: string; errors: FieldErrors } | null,
    status = 200,
  ) => {
    requireRole(s.ctx, REVIEWER_ROLES);
    const rt = syndicationOf(node);
    const items = rt
      ? await rt.models.InboundItem.find({ status: 'pending' }, { pendingEvents: 0 })
          .sort({ receivedAt: 1 })
          .limit(200)
          .lean<InboundItemDoc[]>()
      : [];
    const names = new Map<string, string>();
    for (const item of items) {
      const prov = item.payload?.provenance;
      const hop = prov?.hops.find((h) => h.node === item.from);
      names.set(item.from, hop?.name ?? (prov?.origin.node === item.from ? prov.origin.name : item.from));
    }
    page(res, s, req, '采用队列', adoptionQueueMain(items, names, errors, s.csrf), { status, current: '/admin/adoption' });
  };

  router.get('/admin/adoption', async (req, res) => adoptionPage(req, res, sessionOf(res), null));

  router.post('/admin/adoption/:decision', async (req, res) => {
    const s = sessionOf(res);
    const id = text(req.body?.id, 200);
    const decision = String(req.params.decision);
    if (decision !== 'adopt' && decision !== 'reject') throw new DomainError(ErrorCode.NOT_FOUND, '没有这个操作');
    try {
      if (decision === 'adopt') await adoptItem(s.ctx, id);
      else {
        const reason = text(req.body?.reason, 1000).trim();
        if (!reason) throw new DomainError(ErrorCode.BAD_USER_INPUT, '请填写不采用的理由', { field: 'reason' });
        await rejectItem(s.ctx, id, reason);
      }
      res.redirect(303, `/admin/adoption?done=${decision === 'adopt' ? 'adopted' : 'rejected'}`);
    } catch (e) {
      if (!(e instanceof DomainError) || (e.code !== ErrorCode.BAD_USER_INPUT && e.code !== ErrorCode.CONFLICT)) throw e;
      await adoptionPage(req, res, s, { id, errors: { [e.code === ErrorCode.BAD_USER_INPUT ? fieldOf(e) : 'reason']: e.message } }, 400);
    }
  });

  // --- Network-wide settings (city admin) ------------------------------------------------------------------------

  router.get('/admin/settings', async (req, res) => {
    const s = sessionOf(res);
    requireRole(s.ctx, ['admin']);
    if (!isCity) throw new DomainError(ErrorCode.NOT_FOUND, '全网设置在市级门户的后台');
    page(res, s, req, '全网设置', settingsMain(siteRuntimeOf(node)?.settings.get().mourning ?? false, s.csrf), {
      current: '/admin/settings',
    });
  });

  router.post('/admin/settings/mourning', async (req, res) => {
    const s = sessionOf(res);
    await setMourningMode(s.ctx, text(req.body?.mourning, 10) === 'on');
    res.redirect(303, '/admin/settings?done=mourning');
  });

  // Errors: a page with the message and the right status, never a stack.
  router.use('/admin', consoleErrorHandler(node));

  return router;
}
