import { conflict } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import { requireNodeEditor, thisNode } from './newspaperAccess';
import type { ManuscriptDoc } from './newspaperModels';
import { applyManuscriptChange, loadManuscript } from './manuscriptStore';
import { manuscriptEvent } from './submitManuscript';

/** A county editor passes a screened manuscript on to the desk (初审通过，转报市级). */
export async function forwardManuscript(ctx: RequestContext, id: string): Promise<ManuscriptDoc> {
  const actor = requireNodeEditor(ctx);
  const { node } = ctx;
  const doc = await loadManuscript(node, id);
  if (doc.role !== 'relay' || doc.status !== 'screening') throw conflict(`稿件当前状态不是待初审，不能转报（${doc.status}）`);
  const hops = [...doc.hops, { ...thisNode(node), at: node.now().toISOString(), by: actor.name }];
  return applyManuscriptChange(node, doc, { status: 'forwarded', hops, by: actor.name }, [manuscriptEvent(node, { ...doc, hops })]);
}
