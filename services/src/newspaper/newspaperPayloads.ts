import { z } from 'zod';
import { TIERS } from '@djnet/shared';
import { MANUSCRIPT_STATUSES } from './newspaperModels';

/**
 * What the newspaper's events must look like when they arrive (signed events are still checked: a node running
 * other code must not write malformed data here). A payload that fails is rejected, not retried.
 */
const nodeCode = z.string().regex(/^[a-z][a-z0-9_]{0,62}$/);
const iso = z.string().refine((v) => !Number.isNaN(Date.parse(v)), '须为 ISO 8601 时间');
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
/** Links travel to other nodes' consoles: web addresses only (no `javascript:`). */
const webUrl = z
  .string()
  .max(2000)
  .regex(/^https?:\/\//, '须为 http(s) 地址');
const nodeRef = z.object({ node: nodeCode, name: z.string().min(1).max(60), tier: z.enum(TIERS) });

export const callPayloadSchema = z.object({
  id: z.string().min(3).max(100),
  node: nodeCode,
  theme: z.string().min(1).max(200),
  sections: z.array(z.string().min(1).max(40)).max(30),
  deadline: day,
  minWords: z.number().int().min(0).nullable(),
  maxWords: z.number().int().min(0).nullable(),
  issueDates: z.array(day).max(60),
  body: z.string().max(20_000),
  issuedAt: iso,
  issuedBy: z.string().min(1).max(100),
});
export type CallPayload = z.infer<typeof callPayloadSchema>;

export const manuscriptPayloadSchema = z.object({
  id: z.string().min(3).max(100),
  origin: nodeRef,
  title: z.string().min(1).max(200),
  author: z.string().min(1).max(100),
  officer: z.string().max(100).nullable(),
  callId: z.string().max(100).nullable(),
  section: z.string().max(40).nullable(),
  body: z.string().max(200_000),
  wordCount: z.number().int().min(0),
  images: z.array(z.object({ id: z.string().max(100), url: webUrl, alt: z.string().max(200).nullable() })).max(50),
  sourceArticleId: z.string().max(100).nullable(),
  sourceUrl: webUrl.nullable(),
  textHash: z.string().regex(/^[0-9a-f]{64}$/),
  submittedAt: iso,
  hops: z.array(nodeRef.extend({ at: iso, by: z.string().min(1).max(100) })).max(5),
});
export type ManuscriptPayload = z.infer<typeof manuscriptPayloadSchema>;

export const manuscriptStatusPayloadSchema = z.object({
  manuscriptId: z.string().min(3).max(100),
  status: z.enum(MANUSCRIPT_STATUSES),
  reason: z.string().max(500).nullable(),
  at: iso,
  by: z.string().min(1).max(100),
  decidedBy: nodeRef,
  placement: z
    .object({ issueId: z.string().max(40), number: z.number().int(), date: day, page: z.number().int(), slotId: z.string().max(40) })
    .nullable(),
  printedAt: iso.nullable(),
});
export type ManuscriptStatusPayload = z.infer<typeof manuscriptStatusPayloadSchema>;

const quotaRow = z.object({
  node: nodeCode,
  name: z.string().min(1).max(60),
  tier: z.enum(TIERS),
  parent: nodeCode.nullable(),
  quota: z.number().int().min(0).max(10_000_000),
});

export const quotasPayloadSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  deadline: day,
  remindDays: z.number().int().min(0).max(365),
  quotas: z.array(quotaRow).max(2000),
  revision: z.number().int().min(1),
  updatedAt: iso,
  updatedBy: z.string().min(1).max(100),
});
export type QuotasPayload = z.infer<typeof quotasPayloadSchema>;

export const subscriptionReportPayloadSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  node: nodeCode,
  name: z.string().min(1).max(60),
  tier: z.enum(TIERS),
  parent: nodeCode.nullable(),
  units: z.array(z.object({ unit: z.string().min(1).max(100), count: z.number().int().min(0).max(10_000_000) })).max(2000),
  total: z.number().int().min(0),
  reportedAt: iso,
  reportedBy: z.string().min(1).max(100),
  revision: z.number().int().min(1),
});
export type SubscriptionReportPayload = z.infer<typeof subscriptionReportPayloadSchema>;

export const reminderPayloadSchema = z.object({
  year: z.number().int().min(2000).max(2100),
  node: nodeCode,
  quota: z.number().int().min(0),
  subscribed: z.number().int().min(0),
  deadline: day,
  title: z.string().min(1).max(200),
  body: z.string().max(2000),
  createdAt: iso,
});
export type ReminderPayload = z.infer<typeof reminderPayloadSchema>;
