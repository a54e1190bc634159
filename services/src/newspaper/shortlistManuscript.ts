import { conflict } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { requireDesk } from './newspaperAccess';
import type { ManuscriptDoc } from './newspaperModels';
import { applyManuscriptChange, loadManuscript } from './manuscriptStore';

/** The desk shortlists a received manuscript (入选备用). */
export async function shortlistManuscript(ctx: RequestContext, id: string): Promise<ManuscriptDoc> {
  const actor = requireDesk(ctx);
  const doc = await loadManuscript(ctx.node, id);
  if (doc.role !== 'desk') throw conflict('只能处理报纸编辑部收到的稿件');
  if (doc.status !== 'received') throw conflict(`只有新收到的稿件可以入选（当前：${doc.status}）`);
  return applyManuscriptChange(ctx.node, doc, { status: 'shortlisted', reason: null, by: actor.name });
}
