import { Router, type Request, type Response } from 'express';
import { DomainError } from '@djnet/shared';
import { REVIEWER_ROLES, WRITER_ROLES } from '../accounts/permissions';
import type { ArticleDoc } from '../articles/articleModel';
import { globalArticleId } from '../articles/articleIds';
import {
  consoleErrorHandler,
  consoleSessionGuard,
  consoleSessionOf,
  fieldOfError,
  sendConsolePage,
  type ConsoleSession,
} from '../console/consoleFrame';
import { textToParagraphs, type FieldErrors } from '../console/consoleForms';
import type { NodeContext } from '../node/nodeContext';
import { html, type SafeHtml } from '../site/html';
import { declineManuscript } from './declineManuscript';
import { deskQueue } from './deskQueue';
import { distributionRollup } from './distributionRollup';
import { issueContents } from './exportIssue';
import { forwardManuscript } from './forwardManuscript';
import { chinaDay, requireDesk, requireNodeEditor, requireWriter } from './newspaperAccess';
import {
  callsMain,
  deskQueueMain,
  distributionMain,
  issuesMain,
  myManuscriptsMain,
  newspaperNav,
  relayQueueMain,
  submitMain,
  type NewspaperNav,
  type SlotOption,
} from './newspaperConsolePages';
import {
  MANUSCRIPT_STATUSES,
  type ManuscriptDoc,
  type ManuscriptStatus,
  type NewspaperCallDoc,
  type NewspaperIssueDoc,
} from './newspaperModels';
import { placeManuscript, unplaceManuscript } from './placeManuscript';
import { planIssue } from './planIssue';
import { printIssue } from './printIssue';
import { publishCall } from './publishCall';
import { reportId, reportSubscriptions } from './reportSubscriptions';
import { sendContentsCsv, sendDistributionCsv, sendIssueDocx } from './newspaperRoutes';
import { sendSubscriptionReminders } from './sendSubscriptionReminders';
import { newspaperPolicy, setNewspaperPolicy } from './setNewspaperPolicy';
import { setSubscriptionQuotas } from './setSubscriptionQuotas';
import { shortlistManuscript } from './shortlistManuscript';
import { submitManuscript } from './submitManuscript';

type Session = ConsoleSession;

const DONE: Record<string, string> = {
  call: '征稿启事已发布，正在下发到各节点',
  submitted: '已投稿，稿件将经县级转报到编辑部',
  shortlisted: '已入选',
  placed: '已排入版面',
  unplaced: '已撤出版面',
  declined: '已退稿，理由将通知来源节点',
  forwarded: '已转报市级编辑部',
  policy: '初审设置已保存',
  issue: '期次已保存',
  printed: '已付印，稿件作者将得到见报积分',
  quotas: '发行任务已下达',
  reported: '订阅数已报送',
  reminded: '已催订',
};

const str = (v: unknown, max = 200_000) => (typeof v === 'string' ? v.slice(0, max) : '');
const list = (v: string) =>
  v
    .split(/[,，、\s]+/)
    .map((x) => x.trim())
    .filter(Boolean);
const rows = (v: string) =>
  v
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => l.split(/[|｜]/).map((x) => x.trim()));
/** A number typed into a form: empty is null; anything else not a number stays NaN for the command to refuse. */
const num = (v: string) => (v.trim() === '' ? null : Number(v.trim()));

const fieldOf = fieldOfError;

/**
 * The newspaper in the admin console (/admin/newspaper/…): calls (征稿) for everyone who writes, and publishing
 * them at the desk; submitting a manuscript, new or from an article, and following its status; the desk's queue
 * with duplicate flags, issue planning with slots, printing and the DOCX export; a county's screening; quotas,
 * subscription reports, the roll-up with ranking, reminders and CSV. Same session and form token as the console;
 * every action calls its command.
 */
export function newspaperConsoleRoutes(node: NodeContext): Router {
  const router = Router();
  const isCity = node.config.tier === 'city';

  const navOf = (s: Session): NewspaperNav => {
    const own = s.actor.node === node.config.code;
    return {
      writer: own && WRITER_ROLES.includes(s.actor.role),
      editor: !own ? s.actor.role === 'admin' : REVIEWER_ROLES.includes(s.actor.role),
      desk: isCity && (!own ? s.actor.role === 'admin' : REVIEWER_ROLES.includes(s.actor.role)),
    };
  };

  const page = (req: Request, res: Response, s: Session, title: string, current: string, main: SafeHtml, status = 200) => {
    const notice = typeof req.query.done === 'string' ? DONE[req.query.done] : undefined;
    sendConsolePage(node, res, s, {
      title,
      main: html`${newspaperNav(navOf(s), current)} ${main}`,
      notice,
      current: '/admin/newspaper',
      status,
    });
  };

  router.use('/admin/newspaper', ...consoleSessionGuard(node));
  const sessionOf = consoleSessionOf;
  /** Runs an action; a domain error is shown on a page with its status. */
  const act = (fn: (req: Request, res: Response, s: Session) => Promise<void>) => async (req: Request, res: Response) => {
    const s = sessionOf(res);
    try {
      await fn(req, res, s);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      page(
        req,
        res,
        s,
        '无法完成操作',
        '',
        html`<h1>无法完成操作</h1>
          <p role="alert">${e.message}</p>
          <p><a href="/admin/newspaper">返回报纸</a></p>`,
        e.httpStatus,
      );
    }
  };
  /** A form action: on a domain error the form is shown again with the message by its field. */
  const formAction =
    (
      fn: (req: Request, res: Response, s: Session) => Promise<void>,
      again: (req: Request, res: Response, s: Session, errors: FieldErrors, status: number) => Promise<void>,
    ) =>
    async (req: Request, res: Response) => {
      const s = sessionOf(res);
      try {
        await fn(req, res, s);
      } catch (e) {
        if (!(e instanceof DomainError)) throw e;
        await again(req, res, s, { [fieldOf(e)]: e.message }, e.httpStatus);
      }
    };

  // ---- calls
  const callsPage = async (req: Request, res: Response, s: Session, errors: FieldErrors = {}, status = 200) => {
    requireWriter(s.ctx);
    const calls = await node.models.NewspaperCall.find({}).lean<NewspaperCallDoc[]>();
    calls.sort((a, b) => new Date(b.issuedAt).getTime() - new Date(a.issuedAt).getTime());
    const values = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, str(v)]));
    const desk = navOf(s).desk ? { csrf: s.csrf, values, errors } : null;
    page(req, res, s, '征稿启事', '/admin/newspaper', callsMain(calls, chinaDay(node.now()), desk), status);
  };
  router.get(
    '/admin/newspaper',
    act((req, res, s) => callsPage(req, res, s)),
  );
  router.post(
    '/admin/newspaper/calls',
    formAction(async (req, res, s) => {
      const b = req.body ?? {};
      await publishCall(s.ctx, {
        theme: str(b.theme, 400),
        sections: list(str(b.sections, 2000)),
        deadline: str(b.deadline, 20),
        minWords: num(str(b.minWords, 20)),
        maxWords: num(str(b.maxWords, 20)),
        issueDates: list(str(b.issueDates, 2000)),
        body: textToParagraphs(str(b.body, 20_000)),
      });
      res.redirect(303, '/admin/newspaper?done=call');
    }, callsPage),
  );

  // ---- submitting
  const submitPage = async (req: Request, res: Response, s: Session, errors: FieldErrors = {}, status = 200) => {
    const actor = requireWriter(s.ctx);
    const today = chinaDay(node.now());
    const calls = (await node.models.NewspaperCall.find({}).lean<NewspaperCallDoc[]>()).filter((c) => c.deadline >= today);
    const own = await node.models.Article.find({ createdBy: actor.accountId, status: 'published' }, { title: 1 }).lean<
      Pick<ArticleDoc, '_id' | 'title'>[]
    >();
    const values = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, str(v)]));
    if (!values.callId && typeof req.query.call === 'string') values.callId = req.query.call;
    const articles = own.map((a) => ({ id: globalArticleId(node.config.code, a._id), title: a.title }));
    page(req, res, s, '投稿', '/admin/newspaper/submit', submitMain(s.csrf, values, errors, calls, articles), status);
  };
  router.get(
    '/admin/newspaper/submit',
    act((req, res, s) => submitPage(req, res, s)),
  );
  router.post(
    '/admin/newspaper/submit',
    formAction(async (req, res, s) => {
      const b = req.body ?? {};
      const body = str(b.body);
      await submitManuscript(s.ctx, {
        callId: str(b.callId, 100) || null,
        section: str(b.section, 100) || null,
        articleId: str(b.articleId, 100) || null,
        title: str(b.title, 400) || null,
        author: str(b.author, 200) || null,
        body: body.trim() ? textToParagraphs(body) : b.articleId ? null : '',
      });
      res.redirect(303, '/admin/newspaper/mine?done=submitted');
    }, submitPage),
  );
  router.get(
    '/admin/newspaper/mine',
    act(async (req, res, s) => {
      const actor = requireWriter(s.ctx);
      const docs =
        actor.node === node.config.code ? await node.models.Manuscript.find({ createdBy: actor.accountId }).lean<ManuscriptDoc[]>() : [];
      docs.sort((a, b) => new Date(b.submittedAt).getTime() - new Date(a.submittedAt).getTime());
      page(req, res, s, '我的投稿', '/admin/newspaper/mine', myManuscriptsMain(docs.filter((d) => d.origin.node === node.config.code)));
    }),
  );

  // ---- the desk's queue, or a county's relaying and screening
  const openSlots = async (): Promise<SlotOption[]> => {
    const issues = (await node.models.NewspaperIssue.find({ status: 'planning' }).lean<NewspaperIssueDoc[]>()).sort(
      (a, b) => a.number - b.number,
    );
    const placed = await node.models.Manuscript.find({ role: 'desk', status: 'placed' }).lean<ManuscriptDoc[]>();
    const taken = new Set(placed.map((m) => `${m.placement!.issueId}/${m.placement!.slotId}`));
    return issues.flatMap((i) =>
      i.pages.flatMap((p) =>
        p.slots
          .filter((sl) => !taken.has(`${i._id}/${sl.id}`))
          .map((sl) => ({
            value: `${i._id}/${sl.id}`,
            label: `第 ${i.number} 期 第 ${p.number} 版 ${p.name} · ${sl.section}${sl.maxWords ? `（${sl.maxWords} 字）` : ''}`,
          })),
      ),
    );
  };
  router.get(
    '/admin/newspaper/manuscripts',
    act(async (req, res, s) => {
      requireNodeEditor(s.ctx);
      const status = (MANUSCRIPT_STATUSES as readonly string[]).includes(str(req.query.status))
        ? (str(req.query.status) as ManuscriptStatus)
        : null;
      if (isCity) {
        page(
          req,
          res,
          s,
          '收稿队列',
          '/admin/newspaper/manuscripts',
          deskQueueMain(s.csrf, await deskQueue(node, status), status ?? '', await openSlots()),
        );
        return;
      }
      const docs = (await node.models.Manuscript.find({}).lean<ManuscriptDoc[]>()).filter((d) => !status || d.status === status);
      docs.sort(
        (a, b) =>
          (a.status === 'screening' ? 0 : 1) - (b.status === 'screening' ? 0 : 1) ||
          new Date(b.receivedAt).getTime() - new Date(a.receivedAt).getTime(),
      );
      const policy = await newspaperPolicy(node);
      const canSet = node.config.tier === 'county' && s.actor.role === 'admin';
      page(
        req,
        res,
        s,
        '稿件转报',
        '/admin/newspaper/manuscripts',
        relayQueueMain(s.csrf, docs, { screenManuscripts: policy.screenManuscripts, canSet }),
      );
    }),
  );
  const back = (res: Response, done: string) => res.redirect(303, `/admin/newspaper/manuscripts?done=${done}`);
  router.post(
    '/admin/newspaper/manuscripts/:id/shortlist',
    act(async (req, res, s) => void (await shortlistManuscript(s.ctx, String(req.params.id)), back(res, 'shortlisted'))),
  );
  router.post(
    '/admin/newspaper/manuscripts/:id/forward',
    act(async (req, res, s) => void (await forwardManuscript(s.ctx, String(req.params.id)), back(res, 'forwarded'))),
  );
  router.post(
    '/admin/newspaper/manuscripts/:id/unplace',
    act(async (req, res, s) => void (await unplaceManuscript(s.ctx, String(req.params.id)), back(res, 'unplaced'))),
  );
  router.post(
    '/admin/newspaper/manuscripts/:id/decline',
    act(
      async (req, res, s) =>
        void (await declineManuscript(s.ctx, String(req.params.id), str(req.body?.reason, 1000)), back(res, 'declined')),
    ),
  );
  router.post(
    '/admin/newspaper/manuscripts/:id/place',
    act(async (req, res, s) => {
      const [issueId = '', slotId = ''] = str(req.body?.slot, 100).split('/');
      await placeManuscript(s.ctx, String(req.params.id), issueId, slotId);
      back(res, 'placed');
    }),
  );
  router.post(
    '/admin/newspaper/policy',
    act(async (req, res, s) => {
      await setNewspaperPolicy(s.ctx, { screenManuscripts: str(req.body?.screen) === '1' });
      back(res, 'policy');
    }),
  );

  // ---- issues
  const issuesPage = async (req: Request, res: Response, s: Session, errors: FieldErrors = {}, status = 200) => {
    requireDesk(s.ctx);
    const issues = (await node.models.NewspaperIssue.find({}).lean<NewspaperIssueDoc[]>()).sort((a, b) => b.number - a.number);
    const placed = await node.models.Manuscript.find({ role: 'desk', status: { $in: ['placed', 'printed'] } }).lean<ManuscriptDoc[]>();
    const models = issues.map((issue) => ({
      issue,
      contents: issueContents(issue, placed),
      slots: issue.pages.reduce((n, p) => n + p.slots.length, 0),
    }));
    const values = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, str(v)]));
    page(req, res, s, '期次与版面', '/admin/newspaper/issues', issuesMain(s.csrf, models, values, errors), status);
  };
  router.get(
    '/admin/newspaper/issues',
    act((req, res, s) => issuesPage(req, res, s)),
  );
  router.post(
    '/admin/newspaper/issues',
    formAction(async (req, res, s) => {
      const b = req.body ?? {};
      const pages = rows(str(b.pages, 20_000)).map(([number = '', name = '', sections = '']) => ({
        number: Number(number),
        name,
        slots: list(sections).map((section) => ({ section })),
      }));
      await planIssue(s.ctx, { number: Number(str(b.number, 20)), date: str(b.date, 20), pages });
      res.redirect(303, '/admin/newspaper/issues?done=issue');
    }, issuesPage),
  );
  router.post(
    '/admin/newspaper/issues/:id/print',
    act(async (req, res, s) => {
      await printIssue(s.ctx, String(req.params.id));
      res.redirect(303, '/admin/newspaper/issues?done=printed');
    }),
  );
  router.get(
    '/admin/newspaper/issues/:id/export.docx',
    act(async (req, res, s) => {
      requireDesk(s.ctx);
      await sendIssueDocx(node, String(req.params.id), res);
    }),
  );
  router.get(
    '/admin/newspaper/issues/:id/contents.csv',
    act(async (req, res, s) => {
      requireDesk(s.ctx);
      await sendContentsCsv(node, String(req.params.id), res);
    }),
  );

  // ---- distribution
  const yearOf = (req: Request) => {
    const y = Number(str(req.body?.year ?? req.query.year, 10));
    return Number.isInteger(y) && y >= 2000 && y <= 2100 ? y : Number(chinaDay(node.now()).slice(0, 4));
  };
  const distributionPage = async (req: Request, res: Response, s: Session, errors: FieldErrors = {}, status = 200) => {
    requireNodeEditor(s.ctx);
    const year = yearOf(req);
    const values = Object.fromEntries(Object.entries(req.body ?? {}).map(([k, v]) => [k, str(v)]));
    const main = distributionMain({
      csrf: s.csrf,
      year,
      desk: navOf(s).desk,
      reporter: true,
      rollup: await distributionRollup(node, year),
      quotas: await node.models.SubscriptionQuotas.findById(String(year)).lean(),
      report: await node.models.SubscriptionReport.findById(reportId(year, node.config.code)).lean(),
      reminders: (await node.models.SubscriptionReminder.find({ node: node.config.code }).lean()).filter((r) => r.year === year),
      values,
      errors,
    });
    page(req, res, s, '发行', '/admin/newspaper/distribution', main, status);
  };
  router.get(
    '/admin/newspaper/distribution',
    act((req, res, s) => distributionPage(req, res, s)),
  );
  router.post(
    '/admin/newspaper/distribution/quotas',
    formAction(async (req, res, s) => {
      const b = req.body ?? {};
      const year = yearOf(req);
      await setSubscriptionQuotas(s.ctx, {
        year,
        deadline: str(b.deadline, 20),
        remindDays: num(str(b.remindDays, 10)),
        quotas: rows(str(b.quotas, 100_000)).map(([code = '', quota = '']) => ({ node: code, quota: Number(quota) })),
      });
      res.redirect(303, `/admin/newspaper/distribution?year=${year}&done=quotas`);
    }, distributionPage),
  );
  router.post(
    '/admin/newspaper/distribution/report',
    formAction(async (req, res, s) => {
      const year = yearOf(req);
      const units = rows(str(req.body?.units, 100_000)).map(([unit = '', count = '']) => ({ unit, count: Number(count) }));
      await reportSubscriptions(s.ctx, { year, units });
      res.redirect(303, `/admin/newspaper/distribution?year=${year}&done=reported`);
    }, distributionPage),
  );
  router.post(
    '/admin/newspaper/distribution/remind',
    act(async (req, res, s) => {
      const year = yearOf(req);
      await sendSubscriptionReminders(s.ctx, year);
      res.redirect(303, `/admin/newspaper/distribution?year=${year}&done=reminded`);
    }),
  );
  router.get(
    '/admin/newspaper/distribution.csv',
    act(async (req, res, s) => {
      requireNodeEditor(s.ctx);
      await sendDistributionCsv(node, req.query.year, res);
    }),
  );
  router.use('/admin/newspaper', consoleErrorHandler(node));
  return router;
}
