import { badInput, inserted } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { parsePeriod } from './months';
import { computeFigures, effectiveRules } from './officerFigures';
import type { OfficerDoc, OfficerMessageDoc } from './officerModels';
import type { OfficerMailer } from './officerMailer';
import type { FigureRow } from './rankings';
import { requireOfficerAdmin } from './officerStore';
import { officersOf } from './officersRuntime';

export interface ReminderOutcome {
  month: string;
  /** Active officers under quota this month. */
  short: FigureRow[];
  /** Reminders written now (an officer already reminded this month is not reminded twice). */
  created: number;
  emailed: number;
  emailFailures: number;
}

/**
 * Reminds (催报) every active officer under the month's quota: an in-system message (`reminder:<officer>:<month>`,
 * inserted once, so running it again sends nothing twice) and, when e-mail is on and the officer has an address,
 * an e-mail. A failed e-mail is recorded on the message, not retried, and never stops the others.
 */
export async function sendReminders(node: NodeContext, month: string, mailer: OfficerMailer | null): Promise<ReminderOutcome> {
  const period = parsePeriod(month);
  const { rules } = await effectiveRules(node);
  const rows = await computeFigures(node, period, rules);
  const short = rows.filter((r) => r.kind === 'officer' && r.status === 'active' && !r.figures.quotaMet);
  const officers = new Map(
    (await node.models.Officer.find({ _id: { $in: short.map((r) => r.officerId) } }).lean<OfficerDoc[]>()).map((o) => [o._id, o]),
  );
  const outcome: ReminderOutcome = { month, short, created: 0, emailed: 0, emailFailures: 0 };
  for (const row of short) {
    const officer = officers.get(row.officerId);
    if (!officer) continue;
    const f = row.figures;
    const title = `催报：${month} 月信息报送还差 ${f.short} 条`;
    const body =
      `${officer.name}同志：截至目前，您本月（${month}）已报送信息 ${f.submitted} 条，` +
      `距每月 ${f.quota} 条的报送定额还差 ${f.short} 条。请在月底前及时报送。——${node.config.name}`;
    const message: OfficerMessageDoc = {
      _id: `reminder:${officer._id}:${month}`,
      officerId: officer._id,
      accountId: officer.accountId,
      kind: 'reminder',
      month,
      title,
      body,
      createdAt: node.now(),
      readAt: null,
      email: {
        status: mailer ? (officer.email ? 'failed' : 'no-address') : 'disabled',
        at: null,
        error: mailer && officer.email ? '尚未发送' : null,
      },
    };
    if (!(await inserted(node.models.OfficerMessage.create(message)))) continue;
    outcome.created++;
    if (!mailer || !officer.email) continue;
    try {
      await mailer(officer.email, title, body);
      await node.models.OfficerMessage.updateOne(
        { _id: message._id },
        { $set: { email: { status: 'sent', at: node.now(), error: null } } },
      );
      outcome.emailed++;
    } catch (e) {
      outcome.emailFailures++;
      node.log.warn({ officer: officer._id, err: (e as Error).message }, '催报邮件发送失败');
      await node.models.OfficerMessage.updateOne(
        { _id: message._id },
        { $set: { email: { status: 'failed', at: node.now(), error: (e as Error).message.slice(0, 200) } } },
      );
    }
  }
  node.log.info({ month, short: short.length, created: outcome.created, emailed: outcome.emailed }, '信息员催报完成');
  return outcome;
}

/** An admin sends the month's reminders now (the schedule does it in the month's last days). */
export async function sendRemindersNow(ctx: RequestContext, month: string): Promise<ReminderOutcome> {
  requireOfficerAdmin(ctx);
  const period = parsePeriod(month);
  if (period.kind !== 'month') throw badInput('须为月份 YYYY-MM', { field: 'month' });
  return sendReminders(ctx.node, period.key, officersOf(ctx.node)?.mailer ?? null);
}
