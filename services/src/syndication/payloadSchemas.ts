import { z } from 'zod';
import { TIERS } from '@djnet/shared';
import { ARTICLE_LIMITS } from '../articles/articleContent';
import type { AdoptionRecord, FeatureRecord, ItemPayload } from './syndicationTypes';

/**
 * What a received payload must look like. A signed event from a peer is still checked: a node running other code
 * (or a bug) must not be able to write malformed content here. A payload that fails is rejected, not retried.
 */
const nodeCode = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);
const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), '须为 ISO 8601 时间');
const text = (max: number) => z.string().max(max).nullable();

const mediaRefSchema = z.object({
  id: z.string().regex(/^[0-9a-f]{32}$/),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  contentType: z.string().min(1).max(100),
  filename: z.string().min(1).max(255),
  size: z.number().int().min(0),
  alt: z.string().max(200).nullable(),
  urls: z.array(z.string().url().max(2000)).max(10),
});

const originSchema = z.object({
  node: nodeCode,
  name: z.string().min(1).max(60),
  tier: z.enum(TIERS),
  officer: text(ARTICLE_LIMITS.officer),
  id: z.string().min(3).max(100),
  publishedAt: iso.nullable(),
});

const hopSchema = z.object({
  node: nodeCode,
  name: z.string().min(1).max(60),
  tier: z.enum(TIERS),
  at: iso,
  adoptedBy: z.string().min(1).max(100),
});

export const itemPayloadSchema = z.object({
  title: z.string().min(1).max(ARTICLE_LIMITS.title),
  subtitle: text(ARTICLE_LIMITS.subtitle),
  author: text(ARTICLE_LIMITS.author),
  officer: text(ARTICLE_LIMITS.officer),
  sourceUnit: text(ARTICLE_LIMITS.sourceUnit),
  channel: z.string().min(1).max(100),
  tags: z.array(z.string().min(1).max(ARTICLE_LIMITS.tag)).max(ARTICLE_LIMITS.tags),
  summary: text(ARTICLE_LIMITS.summary),
  body: z.string().max(ARTICLE_LIMITS.body),
  publishedAt: iso.nullable(),
  coverImage: mediaRefSchema.nullable(),
  attachments: z.array(mediaRefSchema).max(50),
  // Pictures in the body (`/media/<id>`), fetched like the cover; absent from nodes before body images.
  bodyImages: z.array(mediaRefSchema).max(100).optional(),
  provenance: z.object({ origin: originSchema, hops: z.array(hopSchema).max(10) }),
}) satisfies z.ZodType<ItemPayload>;

export const retractionPayloadSchema = z.object({ reason: z.string().max(500).nullable() });

export const adoptionReportSchema = z.object({
  originalId: z.string().min(3).max(100),
  node: nodeCode,
  name: z.string().min(1).max(60),
  tier: z.enum(TIERS),
  status: z.enum(['adopted', 'rejected']),
  at: iso,
  by: z.string().min(1).max(100),
  reason: z.string().max(500).nullable(),
  copyId: z.string().max(100).nullable(),
}) satisfies z.ZodType<AdoptionRecord & { originalId: string }>;

export const featureReportSchema = z.object({
  originalId: z.string().min(3).max(100),
  node: nodeCode,
  name: z.string().min(1).max(60),
  tier: z.enum(TIERS),
  topicId: z.string().min(1).max(100),
  topic: z.string().min(1).max(200),
  at: iso,
}) satisfies z.ZodType<FeatureRecord & { originalId: string }>;

export const noticePayloadSchema = z.object({
  id: z.string().min(3).max(100),
  node: nodeCode,
  title: z.string().min(1).max(200),
  body: z.string().max(50_000),
  issuedAt: iso,
  issuedBy: z.string().min(1).max(100),
});
export type NoticePayload = z.infer<typeof noticePayloadSchema>;

export const sensitiveWordsPayloadSchema = z.object({ words: z.array(z.string().max(100)).max(10_000) });

export const channelTreePayloadSchema = z.object({ channels: z.array(z.unknown()).max(10_000) });
