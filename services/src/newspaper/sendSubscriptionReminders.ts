import { inserted } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { syndicationOf } from '../syndication/syndicationRuntime';
import type { PendingEvent } from '../syndication/syndicationTypes';
import { distributionRollup, type DistributionRow } from './distributionRollup';
import { daysUntil, requireDesk } from './newspaperAccess';
import type { SubscriptionReminderDoc } from './newspaperModels';
import type { ReminderPayload } from './newspaperPayloads';
import { checkYear } from './setSubscriptionQuotas';

/** The down event carrying a reminder towards its node (`to`: the next node on the way; a county passes it on). */
export function reminderEvent(node: NodeContext, r: ReminderPayload, to: string): PendingEvent {
  return {
    stream: 'down',
    kind: 'subscriptionReminder',
    key: `subscriptionReminder:${r.year}:${r.node}`,
    itemId: `${r.year}:${r.node}`,
    version: 1,
    to,
    createdAt: node.now().toISOString(),
    payload: { ...r },
  };
}

export function reminderText(row: DistributionRow, deadline: string, days: number): { title: string; body: string } {
  const short = row.quota - row.subscribed;
  return {
    title: `《桂中日报·村党员版》征订催办：还差 ${short} 份`,
    body:
      `${row.name}：本年度发行任务 ${row.quota} 份，已报订阅 ${row.subscribed} 份，` +
      `完成率 ${row.rate === null ? '—' : `${(row.rate * 100).toFixed(1)}%`}。征订截止日期 ${deadline}（还剩 ${days} 天），请抓紧落实并报送订阅数。`,
  };
}

/**
 * Reminds (催订) every county and township below its target once the deadline is within the year's `remindDays`:
 * one reminder per node and year (its `_id` is `<year>:<node>`, so inserting it twice fails), carried down the
 * tiers to the node. Returns how many were sent now.
 */
export async function remindBelowTarget(node: NodeContext, year: number, now: Date = node.now()): Promise<number> {
  if (node.config.tier !== 'city') return 0;
  const rollup = await distributionRollup(node, year);
  if (!rollup.deadline || rollup.remindDays === null) return 0;
  const days = daysUntil(rollup.deadline, now);
  if (days < 0 || days > rollup.remindDays) return 0;
  let sent = 0;
  for (const row of [...rollup.counties, ...rollup.townships]) {
    if (row.quota <= 0 || row.subscribed >= row.quota) continue;
    const { title, body } = reminderText(row, rollup.deadline, days);
    const payload: ReminderPayload = {
      year,
      node: row.node,
      quota: row.quota,
      subscribed: row.subscribed,
      deadline: rollup.deadline,
      title,
      body,
      createdAt: now.toISOString(),
    };
    const to = row.tier === 'township' && row.parent ? row.parent : row.node;
    const doc: SubscriptionReminderDoc = {
      _id: `${year}:${row.node}`,
      ...payload,
      createdAt: now,
      receivedAt: now,
      readAt: null,
      pendingEvents: [reminderEvent(node, payload, to)],
    };
    if (!(await inserted(node.models.SubscriptionReminder.create(doc)))) continue;
    syndicationOf(node)?.relayPoke({ collection: 'newspaper_reminders', id: doc._id });
    sent++;
  }
  return sent;
}

/** The desk reminds now (the daily job does the same by itself). */
export async function sendSubscriptionReminders(ctx: RequestContext, year: number): Promise<number> {
  requireDesk(ctx);
  return remindBelowTarget(ctx.node, checkYear(year));
}
