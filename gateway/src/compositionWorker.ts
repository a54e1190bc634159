import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { composeSupergraph, type CompositionOutcome, type SubgraphInput } from './composeSupergraph';

/**
 * Runs composition in a worker thread so a recomposition does not block requests. When the compiled worker
 * is not available (running from TypeScript sources), composes in-thread.
 */
export class CompositionWorker {
  private worker: Worker | undefined;
  private nextId = 1;
  private pending = new Map<number, (outcome: CompositionOutcome) => void>();

  constructor() {
    const script = join(__dirname, 'composeWorker.js');
    if (!existsSync(script)) return;
    this.worker = new Worker(script);
    this.worker.unref();
    this.worker.on('message', (m: { id: number; outcome: CompositionOutcome }) => {
      this.pending.get(m.id)?.(m.outcome);
      this.pending.delete(m.id);
    });
    this.worker.on('error', (e) => {
      for (const resolve of this.pending.values()) resolve({ ok: false, errors: [`composition worker failed: ${e.message}`] });
      this.pending.clear();
      this.worker = undefined;
    });
  }

  get offThread(): boolean {
    return !!this.worker;
  }

  compose(subgraphs: SubgraphInput[]): Promise<CompositionOutcome> {
    if (!this.worker) return Promise.resolve(composeSupergraph(subgraphs));
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.pending.set(id, resolve);
      this.worker!.postMessage({ id, subgraphs });
    });
  }

  async stop(): Promise<void> {
    await this.worker?.terminate();
  }
}
