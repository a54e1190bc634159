import { SingleBar, Presets } from 'cli-progress';
import type { Writable } from 'node:stream';

export interface Progress {
  /** Sets the total (when it becomes known or grows). */
  total(n: number): void;
  advance(by?: number): void;
  stop(): void;
}

/**
 * A progress bar on a terminal (cli-progress); elsewhere (a pipe, a log file, CI) a plain line every `every`
 * steps, so logs stay readable.
 */
export function progressBar(label: string, stream: Writable = process.stderr, every = 1000): Progress {
  const tty = (stream as Writable & { isTTY?: boolean }).isTTY === true;
  let done = 0;
  let total = 0;
  if (tty) {
    const bar = new SingleBar(
      {
        format: `${label} [{bar}] {percentage}% | {value}/{total} | 剩余 {eta_formatted}`,
        stream: stream as NodeJS.WriteStream,
        hideCursor: true,
      },
      Presets.shades_classic,
    );
    bar.start(0, 0);
    return {
      total: (n) => bar.setTotal(n),
      advance: (by = 1) => bar.increment(by),
      stop: () => bar.stop(),
    };
  }
  return {
    total: (n) => {
      total = n;
    },
    advance: (by = 1) => {
      const before = Math.floor(done / every);
      done += by;
      if (Math.floor(done / every) > before) stream.write(`${label}：${done}${total ? `/${total}` : ''}\n`);
    },
    stop: () => {
      stream.write(`${label}：完成 ${done}${total ? `/${total}` : ''}\n`);
    },
  };
}
