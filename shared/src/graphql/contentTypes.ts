import { CURRENT_SCHEMA_LEVEL, MIN_SUPPORTED_SCHEMA_LEVEL } from './schemaLevels';

/**
 * The content types every node serves, defined once here so every subgraph is identical by construction.
 *
 * Each block is one SDL type. A field line (or a whole block, on its first line) may end with `# since:N`:
 * it exists from schema level N on; unmarked lines exist from level 1. `sharedTypeDefs(level)` drops what is
 * newer than the level asked for. Object types get `@shareable` (every subgraph defines them).
 */
const SHARED_SDL_BLOCKS: string[] = [
  `"站点层级：CITY 龙头（市级门户），COUNTY 骨干（县级），TOWNSHIP 节点（乡镇服务站）"
enum Tier {
  CITY
  COUNTY
  TOWNSHIP
}`,
  `"一个站点（节点）自己的信息和内容，由该节点回答"
type Site @cacheControl(maxAge: 60) {
  "节点代码（小写拼音），如 xingbin" code: String!
  "站点名称，如 兴宾区党建网" name: String!
  "层级" tier: Tier!
  "上级节点代码；市级节点为 null" parent: String
  "下级节点代码" children: [String!]!
  "站点对外地址" url: String!
  "该节点支持的最高模式级别" schemaLevel: Int!
  "本站最近一次发布文章的时间（ISO 8601）；尚无文章时为 null" lastPublishedAt: String # since:2
  "栏目树（子网 → 大类 → 小类，及本站自设栏目）" channels(includeRetired: Boolean = false): [Channel!]!
  "一个栏目" channel(slug: String!): Channel
  "已发布文章，按发布时间倒序；可按栏目（含其下级栏目）筛选；游标分页" articles(channel: String, first: Int = 20, after: String): ArticleConnection!
  "一篇文章；未发布的文章只对有权限的工作人员可见" article(id: ID!): Article
  "全文检索已发布文章（简繁体通用），标题命中优先" search(query: String!, channel: String, from: String, to: String, first: Int = 20, after: String): SearchConnection!
  "当前登录账号（未登录为 null）" me: Account @cacheControl(maxAge: 0, scope: PRIVATE)
  "待审稿件（编辑、管理员）" reviewQueue(first: Int = 50): [Article!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "我写的稿件" myArticles(status: ArticleStatus, first: Int = 50): [Article!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "本站账号（管理员）" accounts: [Account!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "敏感词表（编辑、管理员）" sensitiveWords: [String!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "审核级数（1–3）" reviewLevels: Int!
  "市级通知（通知），最新在前" notices(first: Int = 20): [Notice!]!
  "网群同步状态：各同步通道的进度、积压和错误（编辑、管理员）" syndication: SyndicationStatus! @cacheControl(maxAge: 0, scope: PRIVATE)
  "待采用稿件：下级报送上来的稿件（编辑、管理员）" adoptionQueue(status: AdoptionStatus = PENDING, first: Int = 50): [InboundItem!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "本站登记的信息员和通讯员（本站管理员、编辑，上级管理员）" officers(kind: OfficerKind, status: OfficerStatus): [Officer!]! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "一名信息员（本人，或本站管理员、编辑，上级管理员）" officer(id: ID!): Officer @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "生效的积分规则（全网默认 + 本站覆盖）" officerRules: OfficerRules! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "某月未完成报送定额的在岗信息员（管理员、编辑）" officersShort(month: String!): [OfficerShortfall!]! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "信息员、单位、节点排名与通报（月 YYYY-MM 或年 YYYY）；NETWORK 含全部下级节点（市级即全网）" officerRanking(period: String!, scope: RankingScope = NODE, kind: OfficerKind = OFFICER): OfficerRanking! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "年度优秀信息员名单" commendation(year: Int!, scope: RankingScope = NODE): Commendation! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "站内消息（催报）：信息员看自己的，管理员、编辑可看全部" officerMessages(officerId: ID, month: String): [OfficerMessage!]! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "信息员月度统计任务的运行记录" officerJobRuns: [OfficerJobRun!]! @cacheControl(maxAge: 0, scope: PRIVATE) # since:2
  "报纸《桂中日报·村党员版》：征稿、稿件、期次、发行（需登录）" newspaper: Newspaper! @cacheControl(maxAge: 0, scope: PRIVATE) # since:3
  "读者互动：专题、征文、留言评论、访问统计" readers: Readers! # since:3
}`,
  `"栏目"
enum ChannelLevel {
  "子网" SUBNETWORK
  "大类" CATEGORY
  "小类" SUBCATEGORY
}`,
  `"栏目。slug 稳定不变，改名、排序、停用都不影响文章链接"
type Channel @cacheControl(maxAge: 300) {
  slug: String!
  name: String!
  level: ChannelLevel!
  "上级栏目 slug" parentSlug: String
  "同级中的顺序（从 1 开始）" order: Int!
  "SHARED 为市级统一栏目树，LOCAL 为本站自设" origin: ChannelOrigin!
  "已停用（不再接收新文章，旧文章照常访问）" retired: Boolean!
  "从子网到本栏目的 slug 路径" path: [String!]!
}`,
  `enum ChannelOrigin {
  SHARED
  LOCAL
}`,
  `"稿件状态：草稿、已报送、审核中、已发布、已退回、已撤稿"
enum ArticleStatus {
  DRAFT
  SUBMITTED
  IN_REVIEW
  PUBLISHED
  RETURNED
  RETRACTED
}`,
  `"文章（稿件）"
type Article @cacheControl(maxAge: 60) {
  "全网唯一 ID：<节点代码>:<本地 ID>" id: ID!
  "所属节点代码" node: String!
  title: String!
  subtitle: String
  "作者" author: String
  "报送的信息员（姓名）" officer: String
  "来源单位" sourceUnit: String
  "栏目 slug" channel: String!
  "栏目名称" channelName: String
  tags: [String!]!
  summary: String
  "正文（已净化的 HTML）" body: String!
  coverImage: Media
  attachments: [Media!]!
  status: ArticleStatus!
  "发布时间（ISO 8601）" publishedAt: String
  "版本号：发布后每次修改加一" version: Int!
  viewCount: Int!
  createdAt: String!
  updatedAt: String!
  "当前审核级（审核中时）" reviewLevel: Int
  "退回或撤稿理由" reason: String
  "流转记录（工作人员可见）" transitions: [Transition!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "敏感词命中（工作人员可见）" sensitiveHits: [SensitiveHit!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "历史版本（工作人员可见）" versions: [ArticleVersion!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "来源：原稿所在节点、信息员和原稿 ID（本站原创文章为本站）" origin: ArticleOrigin!
  "采用路径：逐级采用的节点、时间和采用人，本站在最后（本站原创为空）" hops: [Hop!]!
  "本站采用时收到的稿件 ID（下级节点的稿件）" syndicatedFrom: ID
  "上级节点的处理：采用、退稿、待定（作者和工作人员可见）" adoptions: [Adoption!]! @cacheControl(maxAge: 0, scope: PRIVATE)
  "来源稿件的更新，因本站修改过而待编辑确认（工作人员可见）" pendingOriginUpdate: OriginUpdate @cacheControl(maxAge: 0, scope: PRIVATE)
  "已发布稿件的修改稿：审核通过前公众仍看到现行版本（工作人员可见）" pendingRevision: ArticleRevision @cacheControl(maxAge: 0, scope: PRIVATE) # since:3
}`,
  `"已发布稿件的修改稿（修改待审）：逐级审核，末级通过后成为新版本"
type ArticleRevision { # since:3
  title: String!
  subtitle: String
  summary: String
  "正文（已净化的 HTML）" body: String!
  channel: String!
  tags: [String!]!
  "所修改的现行版本号" baseVersion: Int!
  "当前审核级" reviewLevel: Int!
  sensitiveHits: [SensitiveHit!]!
  "修改人" createdByName: String!
  createdAt: String!
  updatedAt: String!
  "与现行版本的逐字差异（标题、副标题、摘要、正文纯文本）" diff: [DiffPart!]!
}`,
  `"差异片段"
type DiffPart { # since:3
  "字段：title、subtitle、summary、body" field: String!
  "SAME 未变，ADDED 新增，REMOVED 删除" kind: DiffKind!
  text: String!
}`,
  `"差异类型"
enum DiffKind { # since:3
  SAME
  ADDED
  REMOVED
}`,
  `"文章的来源"
type ArticleOrigin @cacheControl(inheritMaxAge: true) {
  "原稿所在节点代码" node: String!
  name: String!
  tier: Tier!
  "报送的信息员" officer: String
  "原稿的全网 ID" id: ID!
  "原稿发布时间" publishedAt: String
}`,
  `"一级采用"
type Hop @cacheControl(inheritMaxAge: true) {
  "采用的节点" node: String!
  name: String!
  tier: Tier!
  "采用时间" at: String!
  "采用人（编辑或自动采用）" adoptedBy: String!
}`,
  `"采用状态：PENDING 待定，ADOPTED 已采用，REJECTED 已退稿，RETRACTED 来源已撤回"
enum AdoptionStatus {
  PENDING
  ADOPTED
  REJECTED
  RETRACTED
}`,
  `"一个上级节点对稿件的处理"
type Adoption {
  node: String!
  name: String!
  tier: Tier!
  status: AdoptionStatus!
  at: String
  "处理人" by: String
  "退稿理由" reason: String
  "采用后的稿件全网 ID" copyId: ID
}`,
  `"来源稿件的一次更新"
type OriginUpdate {
  version: Int!
  title: String!
  receivedAt: String!
}`,
  `"下级报送、等待本站采用的稿件"
type InboundItem {
  "稿件在下级节点的全网 ID" id: ID!
  "报送的下级节点" from: String!
  "收到的最新版本" version: Int!
  status: AdoptionStatus!
  title: String
  summary: String
  "来源栏目 slug（统一栏目树）" channel: String
  origin: ArticleOrigin
  hops: [Hop!]!
  receivedAt: String!
  updatedAt: String!
  decidedAt: String
  decidedBy: String
  "退稿或撤回理由" reason: String
  "自动采用未进行的原因" note: String
  "本站采用后的文章" article: Article
  pendingOriginUpdate: OriginUpdate
}`,
  `"同步流：UP 上行（下级 → 上级），DOWN 下行（上级 → 下级）"
enum SyndicationStream {
  UP
  DOWN
}`,
  `"一条同步通道：本站拉取的下级上行流或上级下行流"
type SyndicationEdge {
  "对方节点代码" peer: String!
  stream: SyndicationStream!
  "对方地址（未注册时为 null）" peerUrl: String
  "已应用的最后序号" cursor: Int!
  "对方最新序号（最近一次读取时）" head: Int!
  "积压事件数" lag: Int!
  "积压时长（秒）" lagSeconds: Int!
  lastPulledAt: String
  lastAppliedAt: String
  "最近应用的事件从发出到应用的耗时（毫秒）" lastDelayMs: Int
  lastError: String
  lastErrorAt: String
  "连续失败次数" failures: Int!
  "退避中：下次尝试时间" nextAttemptAt: String
  "已应用事件数" applied: Int!
  "拒收事件数（签名无效、格式错误）" rejected: Int!
  "自动采用（下级上行通道）" autoAdopt: Boolean!
}`,
  `"本站的一个流被对方读取的进度"
type SyndicationReader {
  peer: String!
  stream: SyndicationStream!
  "对方已应用到的序号" after: Int!
  "对方尚未读取的事件数" lag: Int!
  at: String!
}`,
  `"本站的网群同步状态"
type SyndicationStatus {
  "上行流最新序号" upHead: Int!
  "下行流最新序号" downHead: Int!
  edges: [SyndicationEdge!]!
  readers: [SyndicationReader!]!
  "本进程启动以来拒收的事件数" rejectedEvents: Int!
  "待获取的图片附件数" pendingMedia: Int!
}`,
  `"节点签名密钥（Ed25519 公钥），登记在市级目录"
type NodePublicKey { # since:2
  keyId: String!
  "PEM 格式公钥" publicKeyPem: String!
  createdAt: String!
  "停用时间（停用的密钥仍用于验证它签过的内容）" retiredAt: String
}`,
  `"签名密钥更换结果"
type KeyRotation { # since:2
  "新的签名密钥" keyId: String!
  "现在登记的全部密钥" keys: [NodePublicKey!]!
  "市级目录是否已收到新密钥（否：随下次心跳登记）" announced: Boolean!
}`,
  `"市级通知"
type Notice @cacheControl(maxAge: 60) {
  id: ID!
  "发布通知的节点（市级）" node: String!
  title: String!
  "正文（已净化的 HTML）" body: String!
  issuedAt: String!
  issuedBy: String!
  "本站收到的时间" receivedAt: String!
}`,
  `"图片或附件，存于节点数据库"
type Media @cacheControl(maxAge: 300) {
  id: ID!
  url: String!
  filename: String!
  contentType: String!
  size: Int!
  sha256: String!
  "图片替代文字" alt: String
}`,
  `"一次状态流转（审计记录）"
type Transition {
  at: String!
  "操作人账号" by: String!
  byName: String!
  from: ArticleStatus
  to: ArticleStatus!
  "审核级" level: Int
  reason: String
}`,
  `"敏感词命中：位置为该字段纯文本中的字符下标"
type SensitiveHit {
  word: String!
  field: String!
  index: Int!
  "前后文" context: String!
  cleared: Boolean!
  clearedBy: String
}`,
  `"文章的一个历史版本"
type ArticleVersion {
  version: Int!
  title: String!
  body: String!
  editedAt: String!
  editedBy: String!
}`,
  `type PageInfo @cacheControl(inheritMaxAge: true) {
  endCursor: String
  hasNextPage: Boolean!
}`,
  `type ArticleConnection @cacheControl(inheritMaxAge: true) {
  nodes: [Article!]!
  pageInfo: PageInfo!
  totalCount: Int!
}`,
  `"检索命中"
type SearchHit @cacheControl(inheritMaxAge: true) {
  article: Article!
  score: Float!
  "带 <mark> 标记的摘录（已转义的 HTML）" highlight: String!
}`,
  `type SearchConnection @cacheControl(inheritMaxAge: true) {
  hits: [SearchHit!]!
  pageInfo: PageInfo!
  totalCount: Int!
}`,
  `"角色：管理员、编辑、信息员、通讯员、合作方"
enum Role {
  ADMIN
  EDITOR
  OFFICER
  CORRESPONDENT
  PARTNER
}`,
  `"账号"
type Account {
  id: ID!
  username: String!
  name: String!
  role: Role!
  "账号所属节点" node: String!
  "编辑可签发的最高审核级（1–3）" reviewLevel: Int!
  disabled: Boolean!
}`,
  `type AuthPayload {
  "签名令牌，放在 Authorization: Bearer 头中" token: String!
  expiresAt: String!
  account: Account!
}`,
  `input ArticleInput {
  title: String
  subtitle: String
  author: String
  officer: String
  sourceUnit: String
  channel: String
  tags: [String!]
  summary: String
  body: String
  coverImageId: ID
  attachmentIds: [ID!]
}`,
  `input AccountInput {
  username: String!
  name: String!
  password: String!
  role: Role!
  reviewLevel: Int = 1
}`,
  `"一个节点的写操作（需登录）"
type SiteMutations {
  "登录，返回令牌" login(username: String!, password: String!): AuthPayload!
  "新建草稿" createArticle(input: ArticleInput!): Article!
  "修改草稿、退回稿或审核中的稿件；修改已发布文章生成新版本" updateArticle(id: ID!, input: ArticleInput!): Article!
  "报送（提交审核），同时进行敏感词筛查" submitArticle(id: ID!): Article!
  "开始审核" startReview(id: ID!): Article!
  "通过本级审核；最后一级通过即发布" approveArticle(id: ID!): Article!
  "退回并说明理由" returnArticle(id: ID!, reason: String!): Article!
  "确认敏感词命中无问题" clearSensitiveHits(id: ID!, note: String): Article!
  "撤稿并说明理由" retractArticle(id: ID!, reason: String!): Article!
  "新建账号（管理员）" createAccount(input: AccountInput!): Account!
  "停用或启用账号（管理员）" setAccountDisabled(id: ID!, disabled: Boolean!): Account!
  "替换敏感词表（市级编辑、管理员）" setSensitiveWords(words: [String!]!): [String!]!
  "新建本站栏目（管理员）" createChannel(parentSlug: String!, slugSuffix: String!, name: String!): Channel!
  "栏目改名（管理员）" renameChannel(slug: String!, name: String!): Channel!
  "调整同级栏目顺序（管理员）" reorderChannels(parentSlug: String, slugs: [String!]!): [Channel!]!
  "停用栏目（管理员）" retireChannel(slug: String!): Channel!
  "设置本站审核级数（管理员）" setReviewLevels(levels: Int!): Int!
  "采用下级报送的稿件，可指定本站栏目（编辑、管理员）" adoptItem(id: ID!, channel: String): Article!
  "退稿并说明理由（编辑、管理员）" rejectItem(id: ID!, reason: String!): InboundItem!
  "接受来源稿件的更新，覆盖本站的修改（编辑、管理员）" acceptOriginUpdate(id: ID!): Article!
  "从指定序号重放同步通道（管理员）" replayEdge(peer: String!, stream: SyndicationStream!, fromSeq: Int!): SyndicationEdge!
  "更换本节点的签名密钥，旧密钥保留用于验证（本节点管理员）" rotateKey: KeyRotation! # since:2
  "设置下级通道是否自动采用；null 为本站默认（管理员）" setEdgePolicy(peer: String!, autoAdopt: Boolean): SyndicationEdge!
  "发布通知，经网群下发到各县区和乡镇（市级编辑、管理员）" publishNotice(title: String!, body: String!): Notice!
  "登记信息员或通讯员（管理员）" createOfficer(input: OfficerInput!): Officer! # since:2
  "修改信息员资料或关联账号（管理员）" updateOfficer(id: ID!, input: OfficerInput!): Officer! # since:2
  "调动信息员：本站另一单位（unit）或调往其他节点（toNode），保留履历（管理员）" moveOfficer(id: ID!, unit: String, toNode: String, note: String): Officer! # since:2
  "设置信息员状态：在岗、暂停、离任（管理员）" setOfficerStatus(id: ID!, status: OfficerStatus!, note: String): Officer! # since:2
  "设置积分规则，并按新规则重算已有月度积分（管理员；NETWORK 仅市级）" setOfficerRules(scope: OfficerRulesScope = LOCAL, rules: OfficerRulesInput!): OfficerRules! # since:2
  "立即运行某月的信息员统计（幂等；管理员）" runOfficerJob(month: String!): OfficerJobRun! # since:2
  "向某月未完成定额的信息员催报（每人每月一次；管理员）" sendOfficerReminders(month: String!): ReminderResult! # since:2
  "标记站内消息为已读（本人）" markOfficerMessageRead(id: ID!): OfficerMessage! # since:2
  "报纸的写操作：征稿、投稿、初审、编排、付印、发行" newspaper: NewspaperMutations! # since:3
  "读者互动的写操作：专题、征文、评分、审核留言评论" readers: ReadersMutations! # since:3
}`,
];

const SINCE = /#\s*since:(\d+)\s*$/;

function sinceOf(line: string): number {
  const m = SINCE.exec(line);
  return m ? Number(m[1]) : 1;
}

function blockAtLevel(block: string, level: number): string | null {
  const lines = block.split('\n');
  const header = lines.findIndex((l) => /^(type|enum|input)\s/.test(l));
  if (header < 0 || sinceOf(lines[header]!) > level) return null;
  return lines
    .filter((line, i) => i <= header || sinceOf(line) <= level)
    .map((line) => line.replace(SINCE, '').trimEnd())
    .map((line) => (/^type\s+\w+(\s+@.*)?\s*\{$/.test(line) ? line.replace(/^(type\s+\w+)/, '$1 @shareable') : line))
    .join('\n');
}

/**
 * Apollo's cache hints (every level): public types say how long a reader may cache them; staff-only fields say
 * 0 and PRIVATE. A response's `Cache-Control` is the shortest hint among the fields it holds, and a field that
 * returns an unhinted type (Account, …) makes it uncacheable. Not composed into the supergraph (the gateway
 * reads each node's `Cache-Control` header instead), so nodes with and without hints compose alike.
 */
const CACHE_CONTROL_SDL = `enum CacheControlScope {
  PUBLIC
  PRIVATE
}

directive @cacheControl(maxAge: Int, scope: CacheControlScope, inheritMaxAge: Boolean) on FIELD_DEFINITION | OBJECT | INTERFACE | UNION`;

/** SDL of the shared types at a schema level. */
export function sharedTypeDefs(level: number = CURRENT_SCHEMA_LEVEL): string {
  if (level < MIN_SUPPORTED_SCHEMA_LEVEL || level > CURRENT_SCHEMA_LEVEL) {
    throw new RangeError(`schema level ${level} outside ${MIN_SUPPORTED_SCHEMA_LEVEL}..${CURRENT_SCHEMA_LEVEL}`);
  }
  return [CACHE_CONTROL_SDL, ...SHARED_SDL_BLOCKS.map((b) => blockAtLevel(b, level))].filter((b): b is string => b !== null).join('\n\n');
}

/** The levels a node running this code can serve, lowest first (up to `upTo`, a level its operator holds it at). */
export function servableSchemaLevels(upTo = CURRENT_SCHEMA_LEVEL): number[] {
  const levels: number[] = [];
  for (let l = MIN_SUPPORTED_SCHEMA_LEVEL; l <= Math.min(upTo, CURRENT_SCHEMA_LEVEL); l++) levels.push(l);
  return levels;
}
