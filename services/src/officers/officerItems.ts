import type { Tier } from '@djnet/shared';
import type { ArticleDoc } from '../articles/articleModel';
import type { OfficerDoc } from './officerModels';

/** What scoring needs of one of this node's own items: who wrote it and when each thing happened to it. */
export interface ItemFacts {
  id: string;
  title: string;
  channel: string;
  createdBy: string;
  officer: string | null;
  submittedAt: Date | null;
  publishedAt: Date | null;
  retractedAt: Date | null;
  retractionReason: string | null;
  /** Adoptions (采用) by nodes above, as reported back to this node. */
  adoptions: { node: string; tier: Tier; at: Date }[];
  /** Printed in the newspaper (《桂中日报·村党员版》): a printed manuscript's fact (newspaper/newspaperScoring.ts); null for articles. */
  newspaperAt: Date | null;
  /** First listed on a topic (专题), here or at a node above (reported back down): recorded by readers/topicFeatures.ts. */
  topicAt: Date | null;
}

/** The fields of an article the officer area reads (a projection: no body). */
export const ITEM_PROJECTION = {
  title: 1,
  channel: 1,
  createdBy: 1,
  officer: 1,
  status: 1,
  publishedAt: 1,
  reason: 1,
  transitions: 1,
  adoptions: 1,
  features: 1,
  origin: 1,
  syndicatedFrom: 1,
} as const;

export type ItemSource = Pick<
  ArticleDoc,
  | '_id'
  | 'title'
  | 'channel'
  | 'createdBy'
  | 'officer'
  | 'status'
  | 'publishedAt'
  | 'reason'
  | 'transitions'
  | 'adoptions'
  | 'features'
  | 'origin'
  | 'syndicatedFrom'
>;

/** An article of this node's own (not a copy adopted from below: those score at their origin). */
export function isOwnItem(doc: Pick<ItemSource, 'origin' | 'syndicatedFrom'>, nodeCode: string): boolean {
  return !doc.syndicatedFrom && (!doc.origin || doc.origin.node === nodeCode);
}

const firstAt = (doc: ItemSource, to: string): Date | null => {
  const t = (doc.transitions ?? []).find((x) => x.to === to);
  return t ? new Date(t.at) : null;
};

export function itemFacts(doc: ItemSource): ItemFacts {
  const retracted = doc.status === 'retracted' ? [...(doc.transitions ?? [])].reverse().find((t) => t.to === 'retracted') : undefined;
  return {
    id: String(doc._id),
    title: doc.title,
    channel: doc.channel,
    createdBy: doc.createdBy,
    officer: doc.officer ?? null,
    submittedAt: firstAt(doc, 'submitted'),
    publishedAt: firstAt(doc, 'published') ?? (doc.publishedAt ? new Date(doc.publishedAt) : null),
    retractedAt: retracted ? new Date(retracted.at) : null,
    retractionReason: retracted ? (retracted.reason ?? doc.reason ?? '') : null,
    adoptions: (doc.adoptions ?? []).filter((a) => a.status === 'adopted').map((a) => ({ node: a.node, tier: a.tier, at: new Date(a.at) })),
    newspaperAt: null,
    topicAt: firstFeatureAt(doc),
  };
}

function firstFeatureAt(doc: ItemSource): Date | null {
  const times = (doc.features ?? []).map((f) => new Date(f.at).getTime()).filter((t) => !Number.isNaN(t));
  return times.length ? new Date(Math.min(...times)) : null;
}

/**
 * Which officer an item belongs to: the officer whose linked accounts include the item's author account; else the
 * officer named in the item's `officer` field, by id or by a name only one officer of the node has. Stable when an
 * officer moves unit or node: neither the accounts nor the id change, and items stay with the node that holds them.
 */
export function attributeItems(items: readonly ItemFacts[], officers: readonly OfficerDoc[]): Map<string, ItemFacts[]> {
  const byAccount = new Map<string, string>();
  const byId = new Set<string>();
  const byName = new Map<string, string | null>();
  for (const o of officers) {
    for (const a of o.accountIds) byAccount.set(a, o._id);
    byId.add(o._id);
    byName.set(o.name, byName.has(o.name) ? null : o._id);
  }
  const out = new Map<string, ItemFacts[]>(officers.map((o) => [o._id, []]));
  for (const item of items) {
    const named = item.officer?.trim() ?? '';
    const officerId = byAccount.get(item.createdBy) ?? (byId.has(named) ? named : (byName.get(named) ?? null));
    if (officerId) out.get(officerId)!.push(item);
  }
  return out;
}
