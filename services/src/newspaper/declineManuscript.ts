import { conflict, forbidden } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { requireNodeEditor, requireText } from './newspaperAccess';
import type { ManuscriptDoc } from './newspaperModels';
import { applyManuscriptChange, loadManuscript } from './manuscriptStore';

const DESK_DECLINABLE = ['received', 'shortlisted'];

/**
 * Declines a manuscript with a reason (不予采用): at the desk (received or shortlisted; a placed one is taken out of
 * its slot first), or at a county screening it. The reason is reported back to the origin.
 */
export async function declineManuscript(ctx: RequestContext, id: string, reason: string): Promise<ManuscriptDoc> {
  const actor = requireNodeEditor(ctx);
  const { node } = ctx;
  const why = requireText(reason, 'reason', '不予采用的理由', 500);
  const doc = await loadManuscript(node, id);
  if (doc.role === 'desk') {
    if (!DESK_DECLINABLE.includes(doc.status))
      throw conflict(`稿件已${doc.status === 'placed' ? '排入版面，请先撤出版面' : '处理'}，不能退稿`);
  } else if (doc.role === 'relay') {
    if (doc.status !== 'screening') throw conflict('稿件已转报市级，县级不能再退稿');
  } else {
    throw forbidden('稿件由报纸编辑部或县级初审处理，本站不能退稿');
  }
  return applyManuscriptChange(node, doc, { status: 'declined', reason: why, by: actor.name });
}
