import { EventRejected, parsePayload, type EventHandler } from '../../syndication/handlers/registry';
import { manuscriptStatusPayloadSchema } from '../newspaperPayloads';
import type { ManuscriptDoc } from '../newspaperModels';
import { nodeBelow, statusEvent } from '../manuscriptStore';

/**
 * The desk (or a screening county) decided on a manuscript: shortlisted, placed in an issue, printed, declined.
 * Addressed to the next node towards the manuscript's origin: a county records it on its copy and passes it on;
 * the origin records it (a printed manuscript then scores its author). An older report never overwrites a newer one.
 */
export const manuscriptStatus: EventHandler = {
  stream: 'down',
  async apply(rt, edge, event) {
    const { node } = rt;
    if (event.to !== node.config.code) return 'ignored';
    const r = parsePayload(manuscriptStatusPayloadSchema, event);
    if (event.itemId !== r.manuscriptId) throw new EventRejected('稿件状态报告的 ID 不一致');
    for (let attempt = 0; attempt < 5; attempt++) {
      const doc = await node.models.Manuscript.findById(r.manuscriptId).lean<ManuscriptDoc>();
      if (!doc) return 'ignored';
      const at = new Date(r.at);
      // Reports are applied newest-wins by the deciding node's time (a late, older report changes nothing).
      if (at.getTime() <= new Date(doc.statusAt).getTime()) return 'unchanged';
      const below = nodeBelow(doc, node.config.code);
      const update: Record<string, unknown> = {
        $set: {
          status: r.status,
          reason: r.reason,
          placement: r.placement,
          printedAt: r.printedAt ? new Date(r.printedAt) : null,
          statusAt: at,
          statusBy: `${r.decidedBy.name} ${r.by}`.slice(0, 120),
          updatedAt: node.now(),
        },
        $inc: { revision: 1 },
      };
      if (below) update.$push = { pendingEvents: statusEvent(node, r, below) };
      const updated = await node.models.Manuscript.findOneAndUpdate({ _id: doc._id, revision: doc.revision }, update, {
        returnDocument: 'after',
      }).lean();
      if (!updated) continue;
      if (below) rt.relayPoke({ collection: 'newspaper_manuscripts', id: doc._id });
      return 'applied';
    }
    throw new Error(`记录稿件状态时稿件 ${r.manuscriptId} 持续并发修改（来自 ${edge.peer}）`);
  },
};
