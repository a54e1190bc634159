/**
 * Schema levels: how the network survives version skew.
 *
 * Every field of a shared type records the level it first appeared at (`since`). A node of level N can
 * produce its subgraph SDL for every level from MIN_SUPPORTED_SCHEMA_LEVEL up to N and registers all of them
 * with the city directory. The gateway composes at the highest level that every active node supports, using
 * each node's SDL for that level, so a field appears network-wide only once every node has it. A node whose
 * highest level is below the gateway's minimum is left out and reported.
 *
 * Level 2 added `Site.lastPublishedAt`.
 * Level 2 also added the officer fields (信息员: `Site.officers` …, `SiteMutations.createOfficer` …; services/src/officers).
 * Level 3 adds the newspaper desk (征稿、稿件、期次、发行; services/src/newspaper) and the readers' features (专题、征文、
 * 留言评论、访问统计; services/src/readers), and corrections under review (`Article.pendingRevision`, 修改待审).
 */
export const CURRENT_SCHEMA_LEVEL = 3;
export const MIN_SUPPORTED_SCHEMA_LEVEL = 1;
