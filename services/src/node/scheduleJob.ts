import cron from 'node-cron';
import type { Logger } from '@djnet/shared';

export interface JobSchedule {
  /** Shown in node-cron's own messages, e.g. `officers-laibin`. */
  name: string;
  /** node-cron expression (with seconds), e.g. `0 30 1 * * *` for 01:30 every day. */
  expression: string;
  /** Days run by China time (the daily jobs); omit for intervals. */
  timezone?: 'Asia/Shanghai';
  /** What the job is called in the log, e.g. 信息员每日任务: a failed run logs "<label>失败". */
  label: string;
  run(): Promise<unknown> | void;
}

export interface ScheduledJob {
  stop(): Promise<void>;
}

/**
 * Runs a job on a node-cron schedule: never two runs at once (a run that outlasts its interval skips the next), the
 * process not kept alive for it, a missed run not warned about (each job is idempotent, so a missed or repeated run
 * changes nothing), failures logged rather than thrown.
 */
export function scheduleJob(log: Logger, job: JobSchedule): ScheduledJob {
  const task = cron.schedule(
    job.expression,
    async () => {
      try {
        await job.run();
      } catch (e) {
        log.error({ err: (e as Error).message }, `${job.label}失败`);
      }
    },
    {
      name: job.name,
      ...(job.timezone ? { timezone: job.timezone } : {}),
      noOverlap: true,
      unref: true,
      suppressMissedWarning: true,
      logger: {
        info: () => undefined,
        warn: () => undefined,
        debug: () => undefined,
        error: (m) => log.warn({ err: String(m) }, `${job.label}的定时任务出错`),
      },
    },
  );
  return {
    async stop() {
      await task.stop();
      await task.destroy();
    },
  };
}

/** A node-cron expression firing every `seconds` (node-cron has a seconds field). */
export function everySeconds(seconds: number): string {
  if (seconds < 60) return `*/${seconds} * * * * *`;
  const minutes = Math.max(1, Math.round(seconds / 60));
  return minutes < 60 ? `0 */${minutes} * * * *` : `0 0 */${Math.max(1, Math.round(minutes / 60))} * * *`;
}
