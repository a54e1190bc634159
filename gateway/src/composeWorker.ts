import { parentPort } from 'node:worker_threads';
import { composeSupergraph, type SubgraphInput } from './composeSupergraph';

/** Worker thread body: composes off the gateway's request thread. */
parentPort?.on('message', (message: { id: number; subgraphs: SubgraphInput[] }) => {
  parentPort?.postMessage({ id: message.id, outcome: composeSupergraph(message.subgraphs) });
});
