export { startNode, type RunningNode } from './node/startNode';
export { directoryModels, type DirectoryModels } from './directory/directoryModels';
export { issueRegistrationGrant, revokeRegistrationGrant } from './directory/issueRegistrationGrant';
export { RegistrationRefused } from './registration/registerWithCity';
