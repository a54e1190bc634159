import { Router, type Request, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { badInput, errorBody, unauthenticated } from '@djnet/shared';
import { authenticateRequest } from '../accounts/authenticateRequest';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { toCsv } from '../officers/csv';
import { distributionCsv, distributionRollup } from './distributionRollup';
import { exportIssue, type ContentsLine } from './exportIssue';
import { requireDesk, requireNodeEditor } from './newspaperAccess';
import { checkYear } from './setSubscriptionQuotas';

class TokenCheckLater extends Error {}

/** The staff member behind a Bearer token (as on /graphql); a refused token is 401. */
async function staffContext(node: NodeContext, req: Request): Promise<RequestContext> {
  try {
    return { node, actor: await authenticateRequest(node, req.get('authorization')) };
  } catch (e) {
    if (!(e instanceof GraphQLError)) throw e;
    if (e.extensions.code === 'SERVICE_UNAVAILABLE') throw new TokenCheckLater(e.message);
    throw unauthenticated(e.message);
  }
}

const route = (fn: (req: Request, res: Response) => Promise<void>) => async (req: Request, res: Response) => {
  try {
    await fn(req, res);
  } catch (e) {
    if (!(e instanceof TokenCheckLater)) throw e;
    res.status(503).set('Retry-After', '5').json(errorBody('SERVICE_UNAVAILABLE', e.message));
  }
};

export const CONTENTS_HEADER = ['版次', '版名', '稿位', '栏目', '标题', '作者', '来源', '字数'];
export const contentsCells = (c: ContentsLine) => [c.page, c.pageName, c.slotId, c.section, c.title, c.author, c.origin, c.wordCount];

export const DOCX_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** Sends an issue's DOCX (used by the API route and the console). */
export async function sendIssueDocx(node: NodeContext, id: string, res: Response): Promise<void> {
  const { issue, docx } = await exportIssue(node, id);
  res
    .set('Content-Type', DOCX_TYPE)
    .set('Content-Disposition', `attachment; filename="issue-${issue.number}.docx"`)
    .set('Cache-Control', 'private, no-store')
    .send(docx);
}

export async function sendContentsCsv(node: NodeContext, id: string, res: Response): Promise<void> {
  const { issue, contents } = await exportIssue(node, id);
  res
    .set('Content-Type', 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="issue-${issue.number}-contents.csv"`)
    .set('Cache-Control', 'private, no-store')
    .send(toCsv(CONTENTS_HEADER, contents.map(contentsCells)));
}

export async function sendDistributionCsv(node: NodeContext, yearParam: unknown, res: Response): Promise<void> {
  const year = Number(yearParam);
  if (!Number.isInteger(year)) throw badInput('year 须为年份，如 2026', { field: 'year' });
  const rollup = await distributionRollup(node, checkYear(year));
  res
    .set('Content-Type', 'text/csv; charset=utf-8')
    .set('Content-Disposition', `attachment; filename="distribution-${year}.csv"`)
    .set('Cache-Control', 'private, no-store')
    .send(distributionCsv(rollup));
}

/**
 * The newspaper over HTTP (staff, Bearer token):
 * - `GET /newspaper/issues/:id/export.docx` (desk): the issue's copy for the printer;
 * - `GET /newspaper/issues/:id/contents.csv` (desk): its contents list;
 * - `GET /newspaper/distribution.csv?year=YYYY` (editors): completion of the subscription quotas.
 */
export function newspaperRoutes(node: NodeContext): Router {
  const router = Router();
  router.get(
    '/newspaper/issues/:id/export.docx',
    route(async (req, res) => {
      requireDesk(await staffContext(node, req));
      await sendIssueDocx(node, String(req.params.id), res);
    }),
  );
  router.get(
    '/newspaper/issues/:id/contents.csv',
    route(async (req, res) => {
      requireDesk(await staffContext(node, req));
      await sendContentsCsv(node, String(req.params.id), res);
    }),
  );
  router.get(
    '/newspaper/distribution.csv',
    route(async (req, res) => {
      requireNodeEditor(await staffContext(node, req));
      await sendDistributionCsv(node, req.query.year, res);
    }),
  );
  return router;
}
