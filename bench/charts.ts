/**
 * Line charts as SVG for bench/RESULTS.md, drawn by Vega-Lite (rendered headless by Vega: no browser, no canvas).
 * Both packages are ES modules, loaded with import() from this CommonJS build.
 */
export interface Series {
  name: string;
  points: { x: number; y: number }[];
}

export async function lineChartSvg(options: { title: string; xTitle: string; yTitle: string; series: Series[] }): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const values = options.series.flatMap((s) =>
    s.points.filter((p) => Number.isFinite(p.y)).map((p) => ({ series: s.name, x: p.x, y: p.y })),
  );
  const spec = vl.compile({
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    title: options.title,
    width: 420,
    height: 240,
    background: 'white',
    data: { values },
    mark: { type: 'line', point: true },
    encoding: {
      x: { field: 'x', type: 'quantitative', title: options.xTitle },
      y: { field: 'y', type: 'quantitative', title: options.yTitle },
      color: { field: 'series', type: 'nominal', title: null },
    },
    config: { font: 'Noto Sans CJK SC, WenQuanYi Micro Hei, sans-serif' },
  }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: 'none' });
  return view.toSVG();
}
