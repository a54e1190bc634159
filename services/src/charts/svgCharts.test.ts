import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Vega and Vega-Lite are ES modules, which jest's CommonJS runtime cannot import; the charts are drawn in a plain
 * Node.js process from the build, as the node service draws them.
 */
function inNode(expression: string): string {
  const module = join(__dirname, '..', '..', 'dist', 'charts', 'svgCharts.js');
  return execFileSync(
    process.execPath,
    ['-e', `const c = require(${JSON.stringify(module)}); (${expression}).then((s) => process.stdout.write(String(s)));`],
    { encoding: 'utf8', timeout: 60_000 },
  );
}

describe('SVG charts (Vega-Lite, rendered headless)', () => {
  it('draws a bar per label with its values', () => {
    const svg = inNode(`c.barChartSvg('信息员得分', [{ label: '黄信息员', value: 12 }, { label: '韦信息员', value: 7 }], '得分')`);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('信息员得分');
    expect(svg).toContain('黄信息员');
    expect(svg).toContain('韦信息员');
    expect(svg).toContain('得分');
    // Two bars: the rect mark's group holds one path per bar.
    const bars = /class="mark-rect[^"]*"[^>]*>(.*?)<\/g>/.exec(svg)?.[1] ?? '';
    expect(bars.match(/<path/g)).toHaveLength(2);
  });

  it('draws one line per series and leaves out points that are not numbers', () => {
    const svg = inNode(
      `c.lineChartSvg({ title: '访问量', xTitle: '日期', yTitle: '次数', points: [{ x: '11-28', y: 3, series: '浏览' }, { x: '11-29', y: 5, series: '浏览' }, { x: '11-29', y: NaN, series: '访客' }] })`,
    );
    expect(svg).toContain('访问量');
    expect(svg).toContain('11-28');
    expect(svg).toContain('浏览');
  });

  it('an image source carries the SVG (data: URI, allowed by the console, runs no script)', () => {
    const uri = inNode(`Promise.resolve(c.svgDataUri('<svg xmlns="http://www.w3.org/2000/svg"></svg>'))`);
    expect(uri).toBe(`data:image/svg+xml;base64,${Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"></svg>').toString('base64')}`);
  });
});
