/**
 * Charts as SVG, drawn server-side by Vega-Lite and rendered headless by Vega (no browser, no canvas, no script in
 * the page): the console's statistics and rankings, and the benchmarks' plots. Both libraries are ES modules,
 * loaded with import() from this CommonJS build (kept as import() by the Node16 module setting). Where they cannot
 * be loaded — a runner without ES module support, such as jest's — the charts are null and pages show their data
 * tables alone.
 */
export interface ChartPoint {
  x: string | number;
  y: number;
  series: string;
}

const FONT = 'Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif';

async function loadVega() {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  return { vega, vl };
}

/** Renders a Vega-Lite spec to SVG; throws when Vega cannot be loaded. */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const { vega, vl } = await loadVega();
  const compiled = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: 560,
    height: 240,
    background: 'white',
    // Headless Vega estimates the width of Chinese labels short: leave room on the left.
    padding: { left: 36, right: 8, top: 8, bottom: 8 },
    config: { font: FONT },
    ...spec,
  } as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
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
