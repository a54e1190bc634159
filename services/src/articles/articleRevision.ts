import { diffChars } from 'diff';
import { conflict } from '@djnet/shared';
import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { ArticleContentPatch } from './articleInput';
import type { ArticleContentField, ArticleDoc, ArticleRevisionRecord, SensitiveHitRecord } from './articleModel';
import { applyArticleChange } from './articleStore';
import { screenSensitiveWords } from './sensitiveScreen';
import { loadSensitiveWords } from './sensitiveWordList';

/**
 * Corrections (修改) of a published item. The edit does not touch what the public reads: it is kept on the item as
 * its pending revision, screened for sensitive words and signed level by level like a new item; only the last
 * level's approval puts it live (a new version, syndicated up the tiers as any edit). A return discards it.
 */

/** The content fields a revision carries (everything an ArticleInput can set). */
export const REVISION_FIELDS = [
  'title',
  'subtitle',
  'author',
  'officer',
  'sourceUnit',
  'channel',
  'tags',
  'summary',
  'body',
  'bodyText',
  'coverImageId',
  'attachmentIds',
] as const satisfies readonly ArticleContentField[];

export type RevisionContent = ArticleRevisionRecord['content'];

/** The item's live content. */
export function liveContent(doc: ArticleDoc): RevisionContent {
  return Object.fromEntries(REVISION_FIELDS.map((k) => [k, doc[k]])) as RevisionContent;
}

/** A published item with a correction waiting for review. */
export function pendingRevisionOf(doc: ArticleDoc): ArticleRevisionRecord | null {
  return doc.status === 'published' ? (doc.pendingRevision ?? null) : null;
}

/**
 * Records an edit of a published item as its pending revision (merged onto a revision already waiting, which then
 * starts its review again at level 1: changed text is never approved on an earlier reading). A stale revision
 * (its version replaced meanwhile, e.g. by the origin's update of an adopted copy) is replaced by one made from the
 * live text.
 */
export async function proposeRevision(ctx: RequestContext, actor: Actor, doc: ArticleDoc, patch: ArticleContentPatch): Promise<ArticleDoc> {
  // A revision written against a version that has since been replaced is not merged: the edit starts from the live text.
  const current = pendingRevisionOf(doc);
  const waiting = current && current.baseVersion === doc.version ? current : null;
  const content: RevisionContent = { ...(waiting?.content ?? liveContent(doc)), ...patch };
  const now = ctx.node.now();
  const revision: ArticleRevisionRecord = {
    content,
    baseVersion: doc.version,
    reviewLevel: 1,
    signers: [],
    // Hits reviewers confirmed on the live text stay confirmed where the same word stands at the same place.
    sensitiveHits: screenSensitiveWords(content, await loadSensitiveWords(ctx.node), waiting?.sensitiveHits ?? doc.sensitiveHits),
    createdBy: actor.accountId,
    createdByName: actor.name,
    createdAt: waiting?.createdAt ?? now,
    updatedAt: now,
  };
  return applyArticleChange(ctx, actor, doc, {
    set: { pendingRevision: revision },
    transition: { from: 'published', to: 'published', level: 1, reason: waiting ? '修改稿已更新，重新送审' : '修改稿送审' },
  });
}

/** Signs the revision's current level; the last level puts it live as the next version (the old one is kept). */
export async function approveRevision(
  ctx: RequestContext,
  actor: Actor,
  doc: ArticleDoc,
  revision: ArticleRevisionRecord,
  levels: number,
  note: string | null,
): Promise<ArticleDoc> {
  const level = revision.reviewLevel;
  if (revision.baseVersion !== doc.version) throw conflict('修改稿所依据的版本已被替换，请重新修改', { version: doc.version });
  if (level < levels) {
    return applyArticleChange(ctx, actor, doc, {
      set: { pendingRevision: { ...revision, reviewLevel: level + 1, signers: [...revision.signers, actor.accountId] } },
      transition: { from: 'published', to: 'published', level, reason: withNote(`修改稿通过第 ${level} 级审核`, note) },
    });
  }
  requireHitsCleared(revision.sensitiveHits, '修改稿');
  await keepVersion(ctx, doc, revision.createdByName);
  return applyArticleChange(ctx, actor, doc, {
    set: { ...revision.content, version: doc.version + 1, pendingRevision: null },
    transition: { from: 'published', to: 'published', level, reason: withNote(`修改稿审核通过并发布（第 ${doc.version + 1} 版）`, note) },
  });
}

/** Discards the waiting revision with the reviewer's reason; the live version stays. */
export function discardRevision(ctx: RequestContext, actor: Actor, doc: ArticleDoc, revision: ArticleRevisionRecord, reason: string) {
  return applyArticleChange(ctx, actor, doc, {
    set: { pendingRevision: null },
    transition: { from: 'published', to: 'published', level: revision.reviewLevel, reason: `修改稿退回：${reason}` },
  });
}

/** A reviewer confirms the revision's hits are harmless in context. */
export function clearRevisionHits(
  ctx: RequestContext,
  actor: Actor,
  doc: ArticleDoc,
  revision: ArticleRevisionRecord,
  note: string | null,
) {
  const hits = revision.sensitiveHits.map((h) => (h.cleared ? h : { ...h, cleared: true, clearedBy: actor.name }));
  return applyArticleChange(ctx, actor, doc, {
    set: { pendingRevision: { ...revision, sensitiveHits: hits } },
    transition: { from: 'published', to: 'published', level: revision.reviewLevel, reason: withNote('修改稿敏感词已确认', note) },
  });
}

/** Publication waits for every sensitive-word hit to be confirmed by a reviewer. */
export function requireHitsCleared(hits: readonly SensitiveHitRecord[], what = '稿件'): void {
  const open = hits.filter((h) => !h.cleared);
  if (open.length) {
    throw conflict(`${what}有 ${open.length} 处敏感词命中尚未确认（${[...new Set(open.map((h) => h.word))].join('、')}），不能发布`, {
      sensitiveHits: open.length,
    });
  }
}

/** Keeps the version a correction replaces; writing the same snapshot twice is harmless (_id is article:version). */
async function keepVersion(ctx: RequestContext, doc: ArticleDoc, editedBy: string): Promise<void> {
  await ctx.node.models.ArticleVersion.updateOne(
    { _id: `${String(doc._id)}:${doc.version}` },
    {
      $setOnInsert: {
        articleId: String(doc._id),
        version: doc.version,
        title: doc.title,
        subtitle: doc.subtitle,
        summary: doc.summary,
        body: doc.body,
        tags: doc.tags,
        channel: doc.channel,
        editedAt: ctx.node.now(),
        editedBy,
      },
    },
    { upsert: true },
  );
}

const withNote = (text: string, note: string | null) => (note ? `${text}：${note}` : text);

export type DiffKind = 'same' | 'added' | 'removed';
export interface DiffPart {
  field: 'title' | 'subtitle' | 'summary' | 'body';
  kind: DiffKind;
  text: string;
}

const DIFF_FIELDS = [
  ['title', 'title'],
  ['subtitle', 'subtitle'],
  ['summary', 'summary'],
  ['body', 'bodyText'],
] as const;

/** The revision against the live text, character by character (Chinese has no spaces to split words on), by field. */
export function revisionDiff(doc: ArticleDoc, revision: ArticleRevisionRecord): DiffPart[] {
  const parts: DiffPart[] = [];
  for (const [field, key] of DIFF_FIELDS) {
    const before = doc[key] ?? '';
    const after = revision.content[key] ?? '';
    if (before === after) continue;
    for (const c of diffChars(before, after))
      parts.push({ field, kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: c.value });
  }
  return parts;
}
