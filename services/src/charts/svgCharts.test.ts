import { barChartSvg, lineChartSvg, renderSvg, stopChartWorker, svgDataUri } from './svgCharts';

/** Charts drawn by the chart worker (Vega-Lite in a worker thread, from the build), as the node service draws them. */
describe('SVG charts (Vega-Lite, rendered headless in a worker)', () => {
  afterAll(() => stopChartWorker());

  it('draws a bar per label with its values', async () => {
    const svg = await barChartSvg(
      '信息员得分',
      [
        { label: '黄信息员', value: 12 },
        { label: '韦信息员', value: 7 },
      ],
      '得分',
    );
    expect(svg?.startsWith('<svg')).toBe(true);
    for (const text of ['信息员得分', '黄信息员', '韦信息员', '得分']) expect(svg).toContain(text);
    // Two bars: the rect mark's group holds one path per bar.
    const bars = /class="mark-rect[^"]*"[^>]*>(.*?)<\/g>/.exec(svg!)?.[1] ?? '';
    expect(bars.match(/<path/g)).toHaveLength(2);
  });

  it('draws one line per series and leaves out points that are not numbers; several charts at once', async () => {
    const [a, b] = await Promise.all([
      lineChartSvg({
        title: '访问量',
        xTitle: '日期',
        yTitle: '次数',
        points: [
          { x: '11-28', y: 3, series: '浏览' },
          { x: '11-29', y: 5, series: '浏览' },
          { x: '11-29', y: NaN, series: '访客' },
        ],
      }),
      lineChartSvg({ title: '节点数', xTitle: '节点', yTitle: 'MiB', quantitativeX: true, points: [{ x: 7, y: 150, series: '内存' }] }),
    ]);
    expect(a).toContain('访问量');
    expect(a).toContain('11-28');
    expect(b).toContain('节点数');
  });

  it('a spec Vega-Lite refuses is an error (pages then show their table alone), and the worker goes on drawing', async () => {
    await expect(renderSvg({ mark: 'no-such-mark', data: { values: [] } })).rejects.toThrow();
    expect(await barChartSvg('再画一张', [{ label: '甲', value: 1 }], '值')).toContain('再画一张');
  });

  it('an image source carries the SVG (data: URI, allowed by the console, runs no script)', () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg"></svg>';
    expect(svgDataUri(svg)).toBe(`data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`);
  });
});
