export { startGateway, type RunningGateway } from './startGateway';
export { DirectorySupergraphManager, type SupergraphState } from './directorySupergraph';
export { planMembership } from './membership';
export { composeSupergraph } from './composeSupergraph';
