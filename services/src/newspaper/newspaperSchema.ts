/**
 * The newspaper desk's GraphQL types (《桂中日报·村党员版》: calls 征稿, manuscripts 稿件, issues 期次与版面,
 * distribution 发行), served by every node from schema level NEWSPAPER_SINCE on. `Site.newspaper` and
 * `SiteMutations.newspaper` (shared/src/graphql/contentTypes.ts) lead here. Object types are @shareable: every
 * node's subgraph defines them identically.
 */
export const NEWSPAPER_SINCE = 3;

export const newspaperTypeDefs = `"稿件状态：SUBMITTED 已投出，SCREENING 县级初审中，FORWARDED 县级已转报，RECEIVED 编辑部已收稿，SHORTLISTED 入选，PLACED 已排版，PRINTED 已见报，DECLINED 不予采用"
enum ManuscriptStatus {
  SUBMITTED
  SCREENING
  FORWARDED
  RECEIVED
  SHORTLISTED
  PLACED
  PRINTED
  DECLINED
}

"ORIGIN 本站投出，RELAY 经本站（县级）转报，DESK 报纸编辑部收稿"
enum ManuscriptRole {
  ORIGIN
  RELAY
  DESK
}

"PRINTED 同样内容已见报，SUBMITTED 同样内容（或同一篇文章）重复投稿"
enum DuplicateKind {
  PRINTED
  SUBMITTED
}

"征稿启事（报纸编辑部发布，下发到各节点）"
type NewspaperCall @shareable {
  id: ID!
  theme: String!
  "征稿栏目" sections: [String!]!
  "截稿日期 YYYY-MM-DD" deadline: String!
  minWords: Int
  maxWords: Int
  "刊期 YYYY-MM-DD" issueDates: [String!]!
  "说明（HTML）" body: String!
  issuedAt: String!
  issuedBy: String!
  "是否仍在征稿（截稿日期未过）" open: Boolean!
}

"稿件经过的县级节点"
type ManuscriptHop @shareable {
  node: String!
  name: String!
  tier: Tier!
  at: String!
  by: String!
}

"稿件配图"
type ManuscriptImage @shareable {
  id: String!
  url: String!
  alt: String
}

"稿件在某期版面中的位置"
type ManuscriptPlacement @shareable {
  issueId: ID!
  number: Int!
  date: String!
  page: Int!
  slotId: String!
}

"重复稿件标记"
type ManuscriptDuplicate @shareable {
  kind: DuplicateKind!
  id: ID!
  title: String!
  originNode: String!
  originName: String!
  status: ManuscriptStatus!
}

"稿件（投给报纸编辑部）"
type Manuscript @shareable {
  id: ID!
  role: ManuscriptRole!
  title: String!
  author: String!
  officer: String
  "来源节点" originNode: String!
  originName: String!
  originTier: Tier!
  hops: [ManuscriptHop!]!
  callId: ID
  section: String
  "正文（HTML）" body: String!
  "字数" wordCount: Int!
  images: [ManuscriptImage!]!
  "由已有文章投稿：文章 ID 与链接" sourceArticleId: String
  sourceUrl: String
  status: ManuscriptStatus!
  "不予采用的理由" reason: String
  statusAt: String!
  statusBy: String
  submittedAt: String!
  receivedAt: String!
  placement: ManuscriptPlacement
  "见报时间" printedAt: String
  "重复稿件（仅编辑部）" duplicates: [ManuscriptDuplicate!]!
}

"版面中的稿位"
type IssueSlot @shareable {
  id: String!
  section: String!
  maxWords: Int
  manuscript: Manuscript
}

"版面"
type IssuePage @shareable {
  number: Int!
  name: String!
  slots: [IssueSlot!]!
}

"目录中的一条"
type IssueContentsLine @shareable {
  page: Int!
  pageName: String!
  slotId: String!
  section: String!
  title: String!
  author: String!
  origin: String!
  wordCount: Int!
  manuscriptId: ID!
}

"期次"
type NewspaperIssue @shareable {
  id: ID!
  number: Int!
  date: String!
  "PLANNING 编排中，PRINTED 已付印" status: String!
  pages: [IssuePage!]!
  printedAt: String
  contents: [IssueContentsLine!]!
  "付印稿（DOCX，需携带令牌）" exportUrl: String!
  "目录（CSV，需携带令牌）" contentsUrl: String!
}

"县级稿件初审设置"
type NewspaperPolicy @shareable {
  "乡镇稿件先经本站初审再转报" screenManuscripts: Boolean!
  updatedAt: String
  updatedBy: String
}

"发行任务中的一行"
type SubscriptionQuota @shareable {
  node: String!
  name: String!
  tier: Tier!
  parent: String
  quota: Int!
}

"年度发行任务表"
type SubscriptionQuotas @shareable {
  year: Int!
  deadline: String!
  remindDays: Int!
  quotas: [SubscriptionQuota!]!
  revision: Int!
  updatedAt: String!
  updatedBy: String!
}

"订阅单位"
type SubscriptionUnit @shareable {
  unit: String!
  count: Int!
}

"本站某年度的订阅报表"
type SubscriptionReport @shareable {
  year: Int!
  node: String!
  units: [SubscriptionUnit!]!
  total: Int!
  reportedAt: String!
  reportedBy: String!
  revision: Int!
}

"发行完成情况中的一行"
type DistributionRow @shareable {
  node: String!
  name: String!
  tier: Tier!
  parent: String
  quota: Int!
  subscribed: Int!
  "完成率（0–1；无任务为 null）" rate: Float
  "同层级排名" rank: Int
  reportedAt: String
}

"发行合计"
type DistributionTotal @shareable {
  quota: Int!
  subscribed: Int!
  rate: Float
}

"年度发行完成情况：市级为全网，县级为本县区"
type DistributionRollup @shareable {
  year: Int!
  deadline: String
  counties: [DistributionRow!]!
  townships: [DistributionRow!]!
  total: DistributionTotal!
  "CSV 下载（需携带令牌）" csvUrl: String!
}

"征订催办"
type SubscriptionReminder @shareable {
  id: ID!
  year: Int!
  node: String!
  quota: Int!
  subscribed: Int!
  deadline: String!
  title: String!
  body: String!
  createdAt: String!
}

"报纸（《桂中日报·村党员版》）：征稿、稿件、期次、发行"
type Newspaper @shareable {
  "征稿启事（本站工作人员、信息员、通讯员）" calls(openOnly: Boolean = false): [NewspaperCall!]!
  call(id: ID!): NewspaperCall
  "我投的稿件" myManuscripts: [Manuscript!]!
  "本站经手的稿件：编辑部为收稿队列（含重复标记），县级为转报与初审，其余为本站投出的稿件（编辑、管理员）" manuscripts(status: ManuscriptStatus): [Manuscript!]!
  manuscript(id: ID!): Manuscript
  "县级稿件初审设置" policy: NewspaperPolicy!
  "期次（编辑部）" issues: [NewspaperIssue!]!
  issue(id: ID!): NewspaperIssue
  "年度发行任务" quotas(year: Int!): SubscriptionQuotas
  "本站年度订阅报表" subscriptionReport(year: Int!): SubscriptionReport
  "发行完成情况与排名" distribution(year: Int!): DistributionRollup!
  "本站收到的征订催办" reminders: [SubscriptionReminder!]!
}

input NewspaperCallInput {
  theme: String!
  sections: [String!]
  "截稿日期 YYYY-MM-DD" deadline: String!
  minWords: Int
  maxWords: Int
  issueDates: [String!]
  body: String
}

input ManuscriptInput {
  "由已有文章投稿时可省略" title: String
  "正文：纯文本或 HTML；由已有文章投稿时可省略" body: String
  author: String
  callId: ID
  section: String
  "由本站已有文章投稿（全局 ID）" articleId: ID
}

input IssueSlotInput {
  section: String!
  maxWords: Int
}

input IssuePageInput {
  number: Int!
  name: String!
  slots: [IssueSlotInput!]!
}

input IssueInput {
  number: Int!
  "出版日期 YYYY-MM-DD" date: String!
  pages: [IssuePageInput!]!
}

input SubscriptionQuotaInput {
  node: String!
  quota: Int!
}

input SubscriptionQuotasInput {
  year: Int!
  deadline: String!
  remindDays: Int
  quotas: [SubscriptionQuotaInput!]!
}

input SubscriptionUnitInput {
  unit: String!
  count: Int!
}

"报纸的写操作"
type NewspaperMutations @shareable {
  "发布征稿启事，下发到各节点（编辑部）" publishCall(input: NewspaperCallInput!): NewspaperCall!
  "设置县级稿件初审（县级管理员）" setPolicy(screenManuscripts: Boolean!): NewspaperPolicy!
  "投稿：新写或由已有文章投稿（信息员、通讯员、编辑、管理员）" submitManuscript(input: ManuscriptInput!): Manuscript!
  "初审通过并转报（县级编辑、管理员）" forwardManuscript(id: ID!): Manuscript!
  "不予采用并说明理由（编辑部，或县级初审）" declineManuscript(id: ID!, reason: String!): Manuscript!
  "入选（编辑部）" shortlistManuscript(id: ID!): Manuscript!
  "编排期次：期号、日期、版面与稿位（编辑部）" planIssue(input: IssueInput!): NewspaperIssue!
  "排入稿位（编辑部）" placeManuscript(id: ID!, issueId: ID!, slotId: String!): Manuscript!
  "撤出版面（编辑部）" unplaceManuscript(id: ID!): Manuscript!
  "付印：本期稿件标记为已见报并通知来源节点（编辑部）" printIssue(id: ID!): NewspaperIssue!
  "设置年度发行任务（编辑部）" setSubscriptionQuotas(input: SubscriptionQuotasInput!): SubscriptionQuotas!
  "报送本站订阅数（按单位；编辑、管理员）" reportSubscriptions(year: Int!, units: [SubscriptionUnitInput!]!): SubscriptionReport!
  "向未完成任务的节点催订（每节点每年一次；编辑部）" sendSubscriptionReminders(year: Int!): Int!
}`;
