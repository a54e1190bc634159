import { conflict } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { requireDesk } from './newspaperAccess';
import type { NewspaperIssueDoc } from './newspaperModels';
import { applyManuscriptChange } from './manuscriptStore';
import { loadIssue, placedIn } from './planIssue';

/**
 * The issue went to print (付印): the issue is marked printed, then every manuscript placed in it becomes printed,
 * each with its report to the origin (where it scores its author). Running it again after an interruption
 * finishes the manuscripts not yet marked; nothing is marked twice.
 */
export async function printIssue(ctx: RequestContext, id: string): Promise<NewspaperIssueDoc> {
  const actor = requireDesk(ctx);
  const { node } = ctx;
  let issue = await loadIssue(node, id);
  const placed = await placedIn(node, issue._id);
  if (issue.status !== 'printed') {
    if (placed.length === 0) throw conflict(`第 ${issue.number} 期还没有排入稿件`);
    const now = node.now();
    const updated = await node.models.NewspaperIssue.findOneAndUpdate(
      { _id: issue._id, revision: issue.revision },
      { $set: { status: 'printed', printedAt: now, updatedAt: now, updatedBy: actor.name }, $inc: { revision: 1 } },
      { returnDocument: 'after' },
    ).lean<NewspaperIssueDoc>();
    if (!updated) throw conflict('期次已被他人修改，请刷新后重试');
    issue = updated;
  }
  for (const m of placed) {
    if (m.status !== 'placed') continue;
    await applyManuscriptChange(node, m, { status: 'printed', printedAt: issue.printedAt, by: actor.name });
  }
  return issue;
}
