/**
 * The officer area's GraphQL types (信息员 and 通讯员: register, figures, rankings, reminders), served by every
 * node from schema level OFFICERS_SINCE on; `Site` and `SiteMutations` (shared/src/graphql/contentTypes.ts) carry
 * the fields that reach them. Object types are @shareable: every node's subgraph defines them identically.
 */
export const OFFICERS_SINCE = 2;

export const officerTypeDefs = `"OFFICER 信息员，CORRESPONDENT 通讯员（报纸）"
enum OfficerKind {
  OFFICER
  CORRESPONDENT
}

"ACTIVE 在岗，SUSPENDED 暂停，LEFT 离任，MOVED 已调往其他节点"
enum OfficerStatus {
  ACTIVE
  SUSPENDED
  LEFT
  MOVED
}

"NODE 本站，NETWORK 本站及全部下级节点（市级即全网）"
enum RankingScope {
  NODE
  NETWORK
}

"LOCAL 本站自定（覆盖全网规则的任意部分），NETWORK 全网默认（仅市级）"
enum OfficerRulesScope {
  LOCAL
  NETWORK
}

"信息员履历中的一条"
type OfficerHistoryEntry @shareable {
  at: String!
  "操作人" by: String!
  "CREATED 登记，UPDATED 修改，MOVED 调动，STATUS 状态变更，TRANSFERRED 由其他节点调入" change: String!
  unit: String!
  node: String!
  status: OfficerStatus!
  note: String
}

"在某单位的时期"
type OfficerUnitPeriod @shareable {
  unit: String!
  from: String!
  "至今为 null" to: String
}

"信息员或通讯员（本站登记）"
type Officer @shareable {
  id: ID!
  kind: OfficerKind!
  name: String!
  unit: String!
  node: String!
  tier: Tier!
  phone: String
  email: String
  "关联的本站账号" accountId: String
  status: OfficerStatus!
  "入职日期（ISO 8601）" joinedAt: String!
  leftAt: String
  "调往的节点" movedTo: String
  "调入前所在节点" transferredFromNode: String
  units: [OfficerUnitPeriod!]!
  history: [OfficerHistoryEntry!]!
  "某月的统计（即时计算）" figures(month: String!): OfficerFigures!
}

"各项积分"
type OfficerPoints @shareable {
  published: Float!
  adoptedCounty: Float!
  adoptedCity: Float!
  newspaper: Float!
  topic: Float!
  quotaBase: Float!
  "扣分（负数）" penalty: Float!
}

"一名信息员一个期间（月或年）的统计"
type OfficerFigures @shareable {
  "报送（提交审核）条数：定额按此计" submitted: Int!
  published: Int!
  adoptedCounty: Int!
  adoptedCity: Int!
  "报纸采用（报纸功能上线前为 0）" newspaper: Int!
  topic: Int!
  "因不实撤稿条数" retractedFalse: Int!
  quota: Int!
  quotaMet: Boolean!
  "距定额还差" short: Int!
  "年度：完成定额的月数" quotaMonths: Int
  score: Float!
  points: OfficerPoints!
}

"排名中的一名信息员"
type OfficerRankRow @shareable {
  rank: Int!
  officerId: ID!
  name: String!
  kind: OfficerKind!
  unit: String!
  node: String!
  "本期发布的稿件中被上级采用的比例（0–1）" adoptionRate: Float!
  figures: OfficerFigures!
}

"排名中的一个单位或节点"
type OfficerGroupRankRow @shareable {
  rank: Int!
  "单位名称或节点代码" key: String!
  node: String!
  officers: Int!
  quotaMetOfficers: Int!
  submitted: Int!
  published: Int!
  adoptedCounty: Int!
  adoptedCity: Int!
  newspaper: Int!
  adoptionRate: Float!
  score: Float!
}

"统计数据来源节点"
type OfficerFiguresSource @shareable {
  node: String!
  fetchedAt: String
  "节点不可达，使用上次的数据" stale: Boolean!
  error: String
  officers: Int!
}

"排名与通报"
type OfficerRanking @shareable {
  "YYYY-MM 或 YYYY" period: String!
  scope: RankingScope!
  officers: [OfficerRankRow!]!
  units: [OfficerGroupRankRow!]!
  nodes: [OfficerGroupRankRow!]!
  sources: [OfficerFiguresSource!]!
  generatedAt: String!
  "CSV 下载地址（需带登录令牌）" csvUrl: String!
  "可打印的通报页面地址（需带登录令牌）" printUrl: String!
}

"一名信息员一个月的未达标情况"
type OfficerShortfall @shareable {
  officerId: ID!
  name: String!
  unit: String!
  submitted: Int!
  quota: Int!
  short: Int!
  "本月是否已催报" reminded: Boolean!
}

type OfficerPointRules @shareable {
  published: Float!
  adoptedCounty: Float!
  adoptedCity: Float!
  newspaper: Float!
  topic: Float!
}

type OfficerChannelPoints @shareable {
  channel: String!
  adoptedCounty: Float
  adoptedCity: Float
}

"优秀信息员评选条件"
type CommendationCriteria @shareable {
  minYearScore: Float!
  minQuotaMonths: Int!
  maxCount: Int!
}

"生效的积分规则（全网默认 + 本站覆盖）"
type OfficerRules @shareable {
  "每月报送定额" quota: Int!
  points: OfficerPointRules!
  "完成定额的基础分" quotaBase: Float!
  "每条因不实撤稿的扣分" penalty: Float!
  "撤稿理由含这些词即视为不实" falseRetractionMarkers: [String!]!
  "EACH 各级采用都计分，HIGHEST 只计最高一级" multiLevel: String!
  "按栏目的采用分" channelPoints: [OfficerChannelPoints!]!
  commendation: CommendationCriteria!
  "月底前几天催报" reminderDays: Int!
  "规则摘要（变化即重算）" hash: String!
  "本站是否有覆盖" localOverride: Boolean!
}

"优秀信息员名单"
type Commendation @shareable {
  year: Int!
  criteria: CommendationCriteria!
  officers: [OfficerRankRow!]!
}

"站内消息（催报）"
type OfficerMessage @shareable {
  id: ID!
  officerId: ID!
  kind: String!
  month: String!
  title: String!
  body: String!
  createdAt: String!
  readAt: String
  "邮件：DISABLED 未开启，NO_ADDRESS 无邮箱，SENT 已发送，FAILED 失败" emailStatus: String!
}

"月度统计任务的一次运行"
type OfficerJobRun @shareable {
  month: String!
  status: String!
  trigger: String!
  startedAt: String!
  finishedAt: String
  officers: Int!
  done: Int!
  runs: Int!
}

"催报结果"
type ReminderResult @shareable {
  month: String!
  short: Int!
  created: Int!
  emailed: Int!
  emailFailures: Int!
}

input OfficerInput {
  kind: OfficerKind
  name: String
  unit: String
  phone: String
  email: String
  accountId: String
  "YYYY-MM-DD" joinedAt: String
  "由其他节点调入：原节点代码" transferredFromNode: String
  "由其他节点调入：原编号" transferredFromId: String
}

input OfficerPointsInput {
  published: Float
  adoptedCounty: Float
  adoptedCity: Float
  newspaper: Float
  topic: Float
}

input OfficerChannelPointsInput {
  channel: String!
  adoptedCounty: Float
  adoptedCity: Float
}

input CommendationCriteriaInput {
  minYearScore: Float
  minQuotaMonths: Int
  maxCount: Int
}

"积分规则的覆盖：未给的字段沿用上一级"
input OfficerRulesInput {
  quota: Int
  points: OfficerPointsInput
  quotaBase: Float
  penalty: Float
  falseRetractionMarkers: [String!]
  "EACH 或 HIGHEST" multiLevel: String
  channelPoints: [OfficerChannelPointsInput!]
  commendation: CommendationCriteriaInput
  reminderDays: Int
}`;
