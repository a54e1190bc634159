import { parentPort } from 'node:worker_threads';

/**
 * Draws Vega-Lite specs to SVG off the node's event loop (charts/svgCharts.ts sends them). Vega and Vega-Lite are
 * ES modules: loaded here with import(), in a plain worker thread.
 */
interface Request {
  id: number;
  spec: Record<string, unknown>;
}

parentPort?.on('message', (request: Request) => {
  void draw(request.spec).then(
    (svg) => parentPort?.postMessage({ id: request.id, svg }),
    (e: Error) => parentPort?.postMessage({ id: request.id, error: e.message }),
  );
});

async function draw(spec: Record<string, unknown>): Promise<string> {
  const vega = await import('vega');
  const vl = await import('vega-lite');
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
