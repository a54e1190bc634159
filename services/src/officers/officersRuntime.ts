import type { NodeContext } from '../node/nodeContext';
import { scheduleJob, type ScheduledJob } from '../node/scheduleJob';
import { daysLeftInMonth, monthOf, previousMonth } from './months';
import type { ChildPeer } from './networkFigures';
import { effectiveRules } from './officerFigures';
import { createOfficerMailer, type OfficerMailer } from './officerMailer';
import { resumeUnfinishedRuns, runMonthlyJob } from './runMonthlyJob';
import { sendReminders } from './sendReminders';
import { syncNetworkRules } from './setOfficerRules';

/** What the officer area needs of the running node beyond its context: its children, e-mail, its schedule. */
export interface OfficersRuntime {
  children(): ChildPeer[];
  mailer: OfficerMailer | null;
  /** The daily work: the city's rules, this month's and last month's figures, reminders near the month's end. */
  daily(now?: Date): Promise<void>;
  stop(): Promise<void>;
}

const runtimes = new WeakMap<NodeContext, OfficersRuntime>();

export function officersOf(node: NodeContext): OfficersRuntime | undefined {
  return runtimes.get(node);
}

export interface OfficersOptions {
  children?: () => ChildPeer[];
  /** Replaces SMTP (tests: nodemailer's jsonTransport). */
  mailTransport?: Parameters<typeof createOfficerMailer>[1];
  /** node-cron expression of the daily run, in China time (default 01:30 every day). */
  schedule?: string;
}

/**
 * Starts the officer area of a node: finishes a monthly run a stop or crash interrupted, then schedules the daily
 * run with node-cron (Asia/Shanghai). Each step is idempotent, so a missed or repeated day changes nothing.
 */
export async function startOfficers(node: NodeContext, options: OfficersOptions = {}): Promise<OfficersRuntime> {
  const mailer = createOfficerMailer(node.config, options.mailTransport);
  let task: ScheduledJob | null = null;
  // The city's rules, read once at start (and daily); a node that cannot reach the city keeps what it holds.
  let initialSync: Promise<unknown> = Promise.resolve();
  const runtime: OfficersRuntime = {
    children: options.children ?? (() => []),
    mailer,
    async daily(now = node.now()) {
      await syncNetworkRules(node).catch((e: Error) => node.log.warn({ err: e.message }, '读取市级积分规则失败，沿用已有规则'));
      const month = monthOf(now);
      await runMonthlyJob(node, previousMonth(month), { trigger: 'schedule' });
      await runMonthlyJob(node, month, { trigger: 'schedule' });
      const { rules } = await effectiveRules(node);
      if (daysLeftInMonth(now) < rules.reminderDays) await sendReminders(node, month, mailer);
    },
    async stop() {
      await task?.stop();
      await initialSync;
      runtimes.delete(node);
    },
  };
  runtimes.set(node, runtime);
  initialSync = syncNetworkRules(node).catch((e: Error) => node.log.warn({ err: e.message }, '读取市级积分规则失败，沿用已有规则'));
  const resumed = await resumeUnfinishedRuns(node);
  if (resumed.length > 0) node.log.info({ months: resumed }, '已续完中断的信息员月度统计');
  task = scheduleJob(node.log, {
    name: `officers-${node.config.code}`,
    expression: options.schedule ?? '0 30 1 * * *',
    timezone: 'Asia/Shanghai',
    label: '信息员每日任务',
    run: () => runtime.daily(),
  });
  return runtime;
}
