import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';

/** Shared by the benchmarks: where results go, what the machine is, percentiles, process memory. */
export const RESULTS = join(__dirname, '..', 'RESULTS.md');

export function machine(): { cpus: number; model: string; memory: string; node: string } {
  let model = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) model = line.split(':')[1]!.trim();
  } catch {
    /* not Linux */
  }
  return { cpus: cpus().length, model, memory: `${(totalmem() / 2 ** 30).toFixed(1)} GiB`, node: process.version };
}

export const loadAverage = () =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' / ');

/** The p-th percentile (0–100) of ascending values. */
export function percentile(sorted: readonly number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Resident memory of a process in MiB (VmRSS), or NaN when it is gone. */
export function residentMiB(pid: number | undefined): number {
  if (!pid) return NaN;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Number(line.split(/\s+/)[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Replaces (or appends) the section between `<!-- name-bench:start -->` and `<!-- name-bench:end -->`. */
/** Markdown as prettier formats it with the project's settings (so RESULTS.md stays formatted), or as given without prettier. */
export async function formatMarkdown(markdown: string): Promise<string> {
  try {
    const prettier = (await import('prettier')) as unknown as {
      format(t: string, o: Record<string, unknown>): Promise<string>;
      resolveConfig(f: string): Promise<Record<string, unknown> | null>;
    };
    return await prettier.format(markdown, { ...(await prettier.resolveConfig(RESULTS)), parser: 'markdown' });
  } catch {
    return markdown;
  }
}

/** Replaces one benchmark's section of RESULTS.md (between `<!-- <name>-bench:start/end -->`), leaving the others. */
export async function writeResultsSection(name: string, section: string): Promise<void> {
  const start = `<!-- ${name}-bench:start -->`;
  const end = `<!-- ${name}-bench:end -->`;
  const body = (await formatMarkdown(section.replace(start, '').replace(end, ''))).trim();
  let text = readFileSync(RESULTS, 'utf8');
  const block = `${start}\n\n${body}\n\n${end}`;
  const a = text.indexOf(start);
  const b = text.indexOf(end);
  if (a >= 0 && b > a) text = text.slice(0, a) + block + text.slice(b + end.length);
  else text = `${text.trimEnd()}\n\n${block}\n`;
  writeFileSync(RESULTS, text);
}

/** The machine in one line, with the load average now, for a results section. */
export function machineLine(): string {
  const m = machine();
  return `${m.cpus} CPU (${m.model}), ${m.memory} memory, Node ${m.node}`;
}

export const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '—');

/** The pid of this process's child started with `DJNET_GATEWAY_PORT=<port>` (a gateway launched by the bench). */
export function gatewayPid(port: number): number {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
      if (Number(stat[1]) !== process.pid) continue;
      const environ = readFileSync(`/proc/${entry}/environ`, 'utf8').split('\0');
      if (environ.includes(`DJNET_GATEWAY_PORT=${port}`)) return Number(entry);
    } catch {
      /* gone */
    }
  }
  throw new Error(`no gateway child listening on ${port}`);
}
