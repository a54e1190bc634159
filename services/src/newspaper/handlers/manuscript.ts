import { inserted } from '@djnet/shared';
import { sanitizeArticleHtml } from '../../articles/articleContent';
import { EventRejected, parsePayload, type EventHandler } from '../../syndication/handlers/registry';
import { manuscriptEvent } from '../submitManuscript';
import { manuscriptPayloadSchema } from '../newspaperPayloads';
import type { ManuscriptDoc } from '../newspaperModels';
import { screensManuscripts } from '../setNewspaperPolicy';
import { thisNode } from '../newspaperAccess';
import { countWords, manuscriptPlainText, textFingerprint } from '../manuscriptText';

/**
 * A manuscript (稿件) from a child on its way to the desk. The county keeps a copy and passes it on at once, or —
 * when its policy says to screen — holds it for an editor (forwardManuscript / declineManuscript). The desk puts
 * it into its queue. Applying twice changes nothing (the copy's id is the manuscript's).
 */
export const manuscript: EventHandler = {
  stream: 'up',
  async apply(rt, edge, event) {
    const m = parsePayload(manuscriptPayloadSchema, event);
    const lastHop = m.hops.at(-1)?.node ?? m.origin.node;
    if (lastHop !== edge.peer || event.itemId !== m.id || !m.id.startsWith(`${m.origin.node}:`))
      throw new EventRejected(`稿件 ${m.id} 不是由发送节点 ${edge.peer} 报送的`);
    const { node } = rt;
    const now = node.now();
    const isDesk = node.config.tier === 'city';
    const screen = !isDesk && (await screensManuscripts(node));
    // Sanitised again here: a node running other code must not bring scripts into this node's pages. The word
    // count and the fingerprint the desk flags duplicates by are worked out here from what arrived, not taken on trust.
    const body = sanitizeArticleHtml(m.body);
    const doc: ManuscriptDoc = {
      _id: m.id,
      role: isDesk ? 'desk' : 'relay',
      origin: m.origin,
      title: m.title,
      author: m.author,
      officer: m.officer,
      createdBy: null,
      callId: m.callId,
      section: m.section,
      body,
      wordCount: countWords(manuscriptPlainText(body)),
      images: m.images,
      sourceArticleId: m.sourceArticleId,
      sourceUrl: m.sourceUrl,
      textHash: textFingerprint(m.title, body),
      submittedAt: new Date(m.submittedAt),
      hops: m.hops,
      status: isDesk ? 'received' : screen ? 'screening' : 'forwarded',
      reason: null,
      statusAt: now,
      statusBy: isDesk || screen ? null : '自动转报',
      placement: null,
      printedAt: null,
      receivedAt: now,
      updatedAt: now,
      revision: 0,
      pendingEvents: [],
    };
    if (!isDesk && !screen) {
      doc.hops = [...m.hops, { ...thisNode(node), at: now.toISOString(), by: '自动转报' }];
      doc.pendingEvents = [manuscriptEvent(node, doc)];
    }
    if (!(await inserted(node.models.Manuscript.create(doc)))) return 'unchanged';
    if (doc.pendingEvents.length) rt.relayPoke({ collection: 'newspaper_manuscripts', id: doc._id });
    return 'applied';
  },
};
