import type { NodeContext } from '../node/nodeContext';
import { scheduleJob, type ScheduledJob } from '../node/scheduleJob';
import { chinaDay } from './newspaperAccess';
import { remindBelowTarget } from './sendSubscriptionReminders';

export interface NewspaperRuntime {
  /** The daily work at the city: remind the nodes below their subscription target as the deadline nears. */
  daily(now?: Date): Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the newspaper's daily job (node-cron, China time, 02:00 by default) on the city: reminders (催订) for this
 * year's and next year's quotas (subscriptions for a year are taken up in the autumn before it). Each reminder is
 * sent once per node and year, so a repeated or missed day changes nothing.
 */
export function startNewspaper(node: NodeContext, options: { schedule?: string } = {}): NewspaperRuntime {
  let task: ScheduledJob | null = null;
  const runtime: NewspaperRuntime = {
    async daily(now = node.now()) {
      const year = Number(chinaDay(now).slice(0, 4));
      return (await remindBelowTarget(node, year, now)) + (await remindBelowTarget(node, year + 1, now));
    },
    async stop() {
      await task?.stop();
    },
  };
  if (node.config.tier !== 'city') return runtime;
  task = scheduleJob(node.log, {
    name: `newspaper-${node.config.code}`,
    expression: options.schedule ?? '0 0 2 * * *',
    timezone: 'Asia/Shanghai',
    label: '报纸征订催办',
    run: () => runtime.daily(),
  });
  return runtime;
}
