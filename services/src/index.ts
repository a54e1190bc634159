export { startNode, type RunningNode } from './node/startNode';
export { directoryModels, type DirectoryModels } from './directory/directoryModels';
export { issueRegistrationGrant, revokeRegistrationGrant } from './directory/issueRegistrationGrant';
export { RegistrationRefused } from './registration/registerWithCity';
export { nodeModels, type NodeModels } from './node/nodeModels';
export {
  importLegacyArticles,
  DEFAULT_IMPORT_CHANNEL,
  type ImportNode,
  type ImportOptions,
  type ImportProgress,
  type ImportReport,
  type RecordReport,
} from './legacyImport/importLegacyArticles';
export { LEGACY_FORMATS, type LegacyFormat } from './legacyImport/legacySources';
export { accountModel, ROLES, type AccountDoc, type Role } from './accounts/accountModel';
export { createFirstAdmin } from './accounts/createFirstAdmin';
export { nodeTypeDefs } from './graphql/nodeTypeDefs';
export { issuePartnerKey } from './partners/issuePartnerKey';
export { revokePartnerKey } from './partners/revokePartnerKey';
export { partnerKeyModel, type PartnerKeyDoc } from './partners/partnerKeyModel';
export { loadNodeKeyring } from './keys/loadNodeKeyring';
export { issueAuthToken } from './accounts/authToken';
export { registrationPayload } from './registration/registrationPayload';
export { registerWithCity, type RegistrationAnswer } from './registration/registerWithCity';
export { POW_DIFFICULTY, solveChallenge } from './readers/proofOfWork';
