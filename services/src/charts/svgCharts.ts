import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/**
 * Charts as SVG, drawn server-side by Vega-Lite and rendered headless by Vega (no browser, no canvas, no script in
 * the page): the console's statistics and rankings, and the benchmarks' plots. The drawing runs in one worker thread
 * (chartWorker.ts), started when a chart is asked for and ended when idle, so it never holds the node's event loop;
 * Vega's ES modules load there in plain Node.js (also when the caller runs under jest). Where the worker cannot draw,
 * the charts are null and pages show their data tables alone.
 */
export interface ChartPoint {
  x: string | number;
  y: number;
  series: string;
}

const FONT = 'Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif';
const IDLE_MS = 30_000;
const TIMEOUT_MS = 30_000;

/** The built worker: beside this module in dist/, or in dist/ when this module runs from its source (tests). */
function workerFile(): string {
  const here = join(__dirname, 'chartWorker.js');
  return existsSync(here) ? here : join(__dirname, '..', '..', 'dist', 'charts', 'chartWorker.js');
}

let worker: Worker | null = null;
let idleTimer: NodeJS.Timeout | undefined;
let nextId = 0;
const waiting = new Map<number, { resolve(svg: string): void; reject(e: Error): void; timer: NodeJS.Timeout }>();

function chartWorker(): Worker {
  clearTimeout(idleTimer);
  if (worker) return worker;
  const w = new Worker(workerFile());
  w.unref();
  w.on('message', (m: { id: number; svg?: string; error?: string }) => {
    const entry = waiting.get(m.id);
    if (!entry) return;
    waiting.delete(m.id);
    clearTimeout(entry.timer);
    if (m.svg !== undefined) entry.resolve(m.svg);
    else entry.reject(new Error(m.error ?? 'chart failed'));
    if (waiting.size === 0) {
      // Idle: the worker no longer keeps the process alive, and ends after a while.
      w.unref();
      idleTimer = setTimeout(() => void stopChartWorker(), IDLE_MS).unref();
    }
  });
  const fail = (e: Error) => {
    for (const [id, entry] of waiting) {
      clearTimeout(entry.timer);
      entry.reject(e);
      waiting.delete(id);
    }
    worker = null;
  };
  w.on('error', fail);
  w.on('exit', () => fail(new Error('chart worker stopped')));
  worker = w;
  return w;
}

/** Ends the chart worker (it is started again by the next chart). */
export async function stopChartWorker(): Promise<void> {
  clearTimeout(idleTimer);
  const w = worker;
  worker = null;
  if (w) await w.terminate();
}

/** Renders a Vega-Lite spec to SVG in the chart worker; rejects when it cannot. */
export function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const full = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 240,
    background: 'white',
    // Headless Vega estimates the width of Chinese labels short: leave room on the left.
    padding: { left: 36, right: 8, top: 8, bottom: 8 },
    config: { font: FONT },
    ...spec,
  };
  return new Promise<string>((resolve, reject) => {
    const id = ++nextId;
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('chart timed out'));
    }, TIMEOUT_MS).unref();
    waiting.set(id, { resolve, reject, timer });
    try {
      const w = chartWorker();
      // While a chart is being drawn the process waits for it (a command-line caller would otherwise exit first).
      w.ref();
      w.postMessage({ id, spec: full });
    } catch (e) {
      waiting.delete(id);
      clearTimeout(timer);
      reject(e as Error);
    }
  });
}

/** renderSvg, or null where Vega cannot be loaded (pages then show their tables alone). */
async function renderOrNull(spec: Record<string, unknown>): Promise<string | null> {
  try {
    return await renderSvg(spec);
  } catch {
    return null;
  }
}

/** Lines over an ordinal x (e.g. days) or a quantitative one (e.g. numbers of nodes), one line per series. */
export function lineChartSvg(options: {
  title: string;
  xTitle: string;
  yTitle: string;
  points: readonly ChartPoint[];
  quantitativeX?: boolean;
  width?: number;
}): Promise<string | null> {
  return renderOrNull({
    title: options.title,
    ...(options.width ? { width: options.width } : {}),
    data: { values: options.points.filter((p) => Number.isFinite(p.y)) },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: options.quantitativeX ? 'quantitative' : 'ordinal', title: options.xTitle },
      y: { field: 'y', type: 'quantitative', title: options.yTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
  });
}

/** A horizontal bar per label, largest first. */
export function barChartSvg(title: string, bars: readonly { label: string; value: number }[], valueTitle: string): Promise<string | null> {
  return renderOrNull({
    title,
    height: Math.max(60, bars.length * 22),
    data: { values: bars },
    mark: 'bar',
    encoding: {
      y: { field: 'label', type: 'nominal', sort: '-x', title: null },
      x: { field: 'value', type: 'quantitative', title: valueTitle },
    },
  });
}

/** An SVG as an image source (the console's CSP allows data: images; an image runs no script). */
export function svgDataUri(svg: string): string {
  return `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`;
}
