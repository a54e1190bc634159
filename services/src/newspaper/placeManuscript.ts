import { conflict, documentWrites, notFound } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { requireDesk } from './newspaperAccess';
import type { ManuscriptDoc } from './newspaperModels';
import { applyManuscriptChange, loadManuscript } from './manuscriptStore';
import { loadIssue, placedIn } from './planIssue';

/**
 * The desk places an accepted manuscript (received or shortlisted, or moves a placed one) into a slot of an issue
 * being planned (排版). One manuscript per slot: placements of one issue are made one at a time in this process.
 */
export async function placeManuscript(ctx: RequestContext, id: string, issueId: string, slotId: string): Promise<ManuscriptDoc> {
  const actor = requireDesk(ctx);
  const { node } = ctx;
  return documentWrites.run(`${node.config.databaseName}/newspaper_issues/${issueId}`, async () => {
    const issue = await loadIssue(node, issueId);
    if (issue.status === 'printed') throw conflict(`第 ${issue.number} 期已付印`);
    const page = issue.pages.find((p) => p.slots.some((s) => s.id === slotId));
    if (!page) throw notFound(`第 ${issue.number} 期没有稿位 ${String(slotId).slice(0, 20)}`);
    const doc = await loadManuscript(node, id);
    if (doc.role !== 'desk') throw conflict('只能排入报纸编辑部收到的稿件');
    if (!['received', 'shortlisted', 'placed'].includes(doc.status)) throw conflict(`稿件当前状态不能排版（${doc.status}）`);
    const taken = (await placedIn(node, issue._id)).find((m) => m.placement!.slotId === slotId && m._id !== doc._id);
    if (taken) throw conflict(`稿位 ${slotId} 已排入《${taken.title}》`);
    return applyManuscriptChange(node, doc, {
      status: 'placed',
      reason: null,
      placement: { issueId: issue._id, number: issue.number, date: issue.date, page: page.number, slotId },
      by: actor.name,
    });
  });
}

/** Takes a placed manuscript out of its slot again (back to shortlisted). */
export async function unplaceManuscript(ctx: RequestContext, id: string): Promise<ManuscriptDoc> {
  const actor = requireDesk(ctx);
  const doc = await loadManuscript(ctx.node, id);
  if (doc.role !== 'desk' || doc.status !== 'placed') throw conflict('稿件未排入版面');
  const issue = await loadIssue(ctx.node, doc.placement!.issueId);
  if (issue.status === 'printed') throw conflict(`第 ${issue.number} 期已付印`);
  return applyManuscriptChange(ctx.node, doc, { status: 'shortlisted', placement: null, by: actor.name });
}
