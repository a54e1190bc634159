/**
 * The readers' area GraphQL types (专题 topics, 网络征文 contests, 留言评论 comments and messages, visit
 * statistics), served by every node from schema level READERS_SINCE on; `Site.readers` and
 * `SiteMutations.readers` (shared/src/graphql/contentTypes.ts) reach them. Object types are @shareable: every node's
 * subgraph defines them identically. The public submits comments, messages and entries through the site's forms
 * (proof of work, limits per address); over the API only signed-in accounts enter contests.
 */
export const READERS_SINCE = 3;

export const readersTypeDefs = `"PENDING 待审核，APPROVED 已通过，REJECTED 未通过"
enum CommentStatus {
  PENDING
  APPROVED
  REJECTED
}

"COMMENT 文章评论，MESSAGE 给本站的留言"
enum CommentKind {
  COMMENT
  MESSAGE
}

"APPROVE 通过，REJECT 不予通过"
enum ModerationDecision {
  APPROVE
  REJECT
}

"ACTIVE 进行中，ARCHIVED 已归档"
enum TopicStatus {
  ACTIVE
  ARCHIVED
}

"OPEN 征集中，JUDGING 评选中，PUBLISHED 已公布结果"
enum ContestStatus {
  OPEN
  JUDGING
  PUBLISHED
}

"专题选稿规则：任一栏目（含下级栏目）、任一标签，或精选文章"
type TopicRule @shareable {
  channels: [String!]!
  tags: [String!]!
  picks: [ID!]!
}

"专题栏目（活动网站自己的栏目）"
type TopicSection @shareable {
  slug: String!
  title: String!
  rule: TopicRule!
  "本栏目收录的信息，最新在前" items(first: Int = 20): [TopicItem!]!
}

"专题子页面"
type TopicPage @shareable {
  slug: String!
  title: String!
  "HTML（由纯文本转换并转义）" body: String!
}

"专题收录的一条信息（本站原创或采用自下级站点）"
type TopicItem @shareable {
  id: ID!
  title: String!
  channel: String!
  publishedAt: String
  "来源节点代码（本站原创为本站）" origin: String!
  "来源路径（简称），如 [凤凰镇, 兴宾区]" provenance: [String!]!
}

"专题（市级或县级创建）"
type Topic @shareable {
  slug: ID!
  title: String!
  description: String!
  bannerImageId: String
  startsAt: String!
  endsAt: String
  status: TopicStatus!
  rule: TopicRule!
  sections: [TopicSection!]!
  pages: [TopicPage!]!
  "专题收录的信息，最新在前" items(first: Int = 20): [TopicItem!]!
  "挂在本专题下的征文（公布后附获奖作品）" contests: [Contest!]!
}

type ContestCategory @shareable {
  key: String!
  name: String!
}

type ContestIdentityField @shareable {
  key: String!
  label: String!
  required: Boolean!
  "用于识别同一投稿人（每人每类限一篇）" identifies: Boolean!
}

type ContestCriterion @shareable {
  key: String!
  name: String!
  max: Int!
}

type ContestPrize @shareable {
  name: String!
  count: Int!
}

"评选结果中的一行"
type ContestResult @shareable {
  entryId: ID!
  category: String!
  title: String!
  author: String!
  "评委平均总分" score: Float!
  judges: Int!
  rank: Int!
  prize: String
}

"网络征文"
type Contest @shareable {
  slug: ID!
  title: String!
  rules: String!
  categories: [ContestCategory!]!
  identityFields: [ContestIdentityField!]!
  criteria: [ContestCriterion!]!
  prizes: [ContestPrize!]!
  onePerPersonPerCategory: Boolean!
  startsAt: String!
  endsAt: String!
  topic: String
  status: ContestStatus!
  "公布后的评选结果" results: [ContestResult!]!
  publishedAt: String
}

"征文作品（组织方、评委可见，含身份信息）"
type ContestEntry @shareable {
  id: ID!
  contest: String!
  category: String!
  title: String!
  body: String!
  author: String!
  "组织方要求填写的身份信息（JSON 对象）" identity: String!
  submittedAt: String!
  "已评分的评委人数" scoredBy: Int!
}

"评委对一篇作品的评分"
type ContestScore @shareable {
  entry: ID!
  judge: ID!
  "各项评分（JSON 对象）" scores: String!
  total: Float!
  comment: String!
  scoredAt: String!
}

"公开显示的评论或留言：只含昵称，不含联系方式"
type PublicComment @shareable {
  id: ID!
  nickname: String!
  subject: String!
  body: String!
  createdAt: String!
  reply: String
  repliedAt: String
}

"待审核或已处理的评论、留言（编辑、管理员）"
type Comment @shareable {
  id: ID!
  kind: CommentKind!
  article: ID
  nickname: String!
  contact: String!
  subject: String!
  body: String!
  status: CommentStatus!
  "命中的敏感词（命中即暂扣，通过时须确认）" sensitiveWords: [String!]!
  createdAt: String!
  moderatedBy: String
  moderatedAt: String
  reason: String
  reply: String
  repliedAt: String
}

"某站点某日的浏览量（PV）和访客数（UV）"
type VisitDay @shareable {
  node: String!
  parent: String
  day: String!
  pv: Int!
  uv: Int!
}

"一个站点在期间的合计；subtreePv 含其全部下级站点"
type VisitTotal @shareable {
  node: String!
  pv: Int!
  uv: Int!
  subtreePv: Int!
  subtreeUv: Int!
}

"栏目或文章在期间的浏览量"
type VisitScopeTotal @shareable {
  key: String!
  pv: Int!
  uv: Int!
}

type VisitSource @shareable {
  node: String!
  fetchedAt: String
  "暂不可达，采用上次报来的数据" stale: Boolean!
  error: String
}

"访问统计（不保存访客 IP；已排除明显的爬虫）"
type VisitStats @shareable {
  from: String!
  to: String!
  scope: RankingScope!
  days: [VisitDay!]!
  totals: [VisitTotal!]!
  "本站栏目排行（scope 为 NODE 时）" channels(first: Int = 20): [VisitScopeTotal!]!
  "本站文章排行（scope 为 NODE 时）" articles(first: Int = 20): [VisitScopeTotal!]!
  sources: [VisitSource!]!
}

"读者互动：专题、征文、留言评论、访问统计"
type Readers @shareable {
  topics: [Topic!]!
  topic(slug: ID!): Topic
  contests: [Contest!]!
  contest(slug: ID!): Contest
  "征文作品（本站编辑、管理员或本次评委）" contestEntries(contest: ID!): [ContestEntry!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "文章已通过的评论" comments(article: ID!): [PublicComment!]!
  "已公开的留言及答复，最新在前" messages: [PublicComment!]!
  "留言评论审核队列（编辑、管理员）" commentQueue(status: CommentStatus = PENDING, kind: CommentKind): [Comment!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "访问统计；NETWORK 含全部下级站点（经各级汇总）（编辑、管理员）" visitStats(from: String, to: String, scope: RankingScope = NODE): VisitStats! @cacheControl(maxAge: 0, scope: PRIVATE)
}

input TopicRuleInput {
  channels: [String!]
  tags: [String!]
  picks: [ID!]
}

input TopicSectionInput {
  slug: String!
  title: String!
  rule: TopicRuleInput
}

input TopicPageInput {
  slug: String!
  title: String!
  "纯文本，空行分段" body: String!
}

input TopicInput {
  slug: String!
  title: String!
  description: String
  bannerImageId: String
  startsAt: String!
  endsAt: String
  rule: TopicRuleInput
  sections: [TopicSectionInput!]
  pages: [TopicPageInput!]
}

input ContestCategoryInput {
  key: String!
  name: String!
}

input ContestIdentityFieldInput {
  key: String!
  label: String!
  required: Boolean = true
  identifies: Boolean = false
}

input ContestCriterionInput {
  key: String!
  name: String!
  max: Int!
}

input ContestPrizeInput {
  name: String!
  count: Int!
}

input ContestInput {
  slug: String!
  title: String!
  rules: String
  categories: [ContestCategoryInput!]!
  identityFields: [ContestIdentityFieldInput!]
  criteria: [ContestCriterionInput!]!
  prizes: [ContestPrizeInput!]
  "评委：本站账号的用户名" judges: [String!]!
  onePerPersonPerCategory: Boolean = true
  startsAt: String!
  endsAt: String!
  topic: String
}

input IdentityValueInput {
  key: String!
  value: String!
}

"投稿（登录的信息员等；公众经网站表单投稿）"
input ContestEntryInput {
  category: String!
  title: String!
  "纯文本，空行分段，不少于 50 字" body: String!
  author: String!
  identity: [IdentityValueInput!]
}

"投稿回执"
type ContestEntryReceipt @shareable {
  id: ID!
  contest: String!
  category: String!
  title: String!
  submittedAt: String!
}

input CriterionScoreInput {
  criterion: String!
  score: Float!
}

"读者互动的写操作（需登录）"
type ReadersMutations @shareable {
  "创建专题（市级、县级编辑、管理员）" createTopic(input: TopicInput!): Topic!
  "修改专题（代码不变）或归档" updateTopic(slug: ID!, input: TopicInput, status: TopicStatus): Topic!
  "创建征文（编辑、管理员）" createContest(input: ContestInput!): Contest!
  "登录账号投稿（如信息员）：每人每类限一篇时以账号识别" submitContestEntry(contest: ID!, input: ContestEntryInput!): ContestEntryReceipt!
  "评委评分（再次评分覆盖本人此前的评分）" scoreContestEntry(entry: ID!, scores: [CriterionScoreInput!]!, comment: String): ContestScore!
  "按评委评分公布评选结果（编辑、管理员）" publishContestResults(contest: ID!): Contest!
  "审核评论或留言（编辑、管理员）；含敏感词的须 confirmSensitive" moderateComment(id: ID!, decision: ModerationDecision!, reason: String, confirmSensitive: Boolean): Comment!
  "答复留言，与留言一并公开（编辑、管理员）" replyToMessage(id: ID!, reply: String!, confirmSensitive: Boolean): Comment!
}`;
