/**
 * The network's default channel tree (栏目树): sub-network (子网) → category (大类) → sub-category (小类).
 *
 * The city portal owns this tree and sends it down to counties and townships, so every node files its items
 * under the same channels. Slugs are the stable identifiers other data refers to: never rename one, add new ones.
 */

export type ChannelLevel = 'subnetwork' | 'category' | 'subcategory';

/** The level expected at each depth of the tree, from the root. */
export const CHANNEL_LEVELS: readonly ChannelLevel[] = ['subnetwork', 'category', 'subcategory'];

export const CHANNEL_LEVEL_NAMES: Readonly<Record<ChannelLevel, string>> = {
  subnetwork: '子网',
  category: '大类',
  subcategory: '小类',
};

export interface ChannelNode {
  /** Stable lower-case pinyin identifier, unique across the tree; starts with the parent's slug + '-'. */
  readonly slug: string;
  readonly name: string;
  readonly level: ChannelLevel;
  /** Position among siblings, starting at 1. */
  readonly order: number;
  /** Present on sub-networks and categories (possibly empty); absent on sub-categories. */
  readonly children?: readonly ChannelNode[];
}

export type ChannelTree = readonly ChannelNode[];

export interface FlatChannel {
  readonly slug: string;
  readonly name: string;
  readonly level: ChannelLevel;
  readonly order: number;
  readonly parentSlug: string | null;
  /** Slugs from the root sub-network down to this channel, inclusive. */
  readonly path: readonly string[];
}

export const SLUG_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

// ---------------------------------------------------------------------------------------------------------------
// Data

/** `{ slugSuffix: name }` of a category's sub-categories, in order (suffixes start with a letter, so key order is kept). */
type SubcategorySpec = Readonly<Record<string, string>>;
/** `[slugSuffix, name, subcategories?]` of a category. */
type CategorySpec = readonly [suffix: string, name: string, subcategories?: SubcategorySpec];
/** `[slug, name, categories]` of a sub-network. */
type SubnetworkSpec = readonly [slug: string, name: string, categories: readonly CategorySpec[]];

const SPEC: readonly SubnetworkSpec[] = [
  [
    'dangjian',
    '党建',
    [
      ['gongzuo-dongtai', '工作动态', { shizhi: '市直动态', xianqu: '县区动态', xiangzhen: '乡镇动态' }],
      ['jiceng', '基层党建', { nongcun: '农村党建', shequ: '社区党建', jiguan: '机关党建', liangxin: '两新组织党建', guoqi: '国企党建' }],
      ['zuzhi-jianshe', '组织建设', { shezhi: '党组织设置', huanjie: '换届选举', dangfei: '党费管理', zhengdun: '软弱涣散整顿' }],
      [
        'dangyuan-jiaoyu',
        '党员教育',
        { 'sanhui-yike': '三会一课', 'zhuti-dangri': '主题党日', peixun: '党员培训', liudong: '流动党员管理' },
      ],
      ['ganbu', '干部工作', { xuanren: '干部选任', jiandu: '干部监督', peixun: '干部培训', gongshi: '任前公示' }],
      ['lilun', '理论学习', { wenzhang: '理论文章', xinde: '学习心得', zhongxinzu: '中心组学习' }],
      ['tongzhi', '通知公告'],
      ['zhengce', '政策法规', { dangnei: '党内法规', wenjian: '文件汇编' }],
      ['jingyan', '经验交流'],
      ['dianxing', '典型宣传', { dangzuzhi: '先进党组织', dangyuan: '优秀党员' }],
      ['tupian', '图片新闻'],
      ['xinxiyuan', '信息员园地', { tongbao: '信息通报', xiezuo: '写作辅导', youxiu: '优秀信息员' }],
    ],
  ],
  [
    'dangshi',
    '党史',
    [
      ['dongtai', '党史动态'],
      ['yanjiu', '党史研究', { zhuanti: '专题研究', shiliao: '史料考证' }],
      ['laibin', '来宾党史', { geming: '革命历程', jianshe: '建设时期', gaige: '改革开放' }],
      ['renwu', '革命人物', { xianlie: '革命先烈', laohongjun: '老红军老党员' }],
      ['yizhi', '红色遗址', { geming: '革命遗址', jinianguan: '纪念场馆' }],
      ['jiaoyu', '党史教育', { xuexi: '党史学习', gushi: '红色故事' }],
      ['dashiji', '大事记'],
      ['shizhi', '史志编研', { chubanwu: '党史出版物', difangzhi: '地方志' }],
    ],
  ],
  [
    'jijian',
    '纪检',
    [
      ['dongtai', '纪检动态'],
      ['lianzheng', '廉政建设', { jiaoyu: '廉政教育', wenhua: '廉政文化', jingshi: '警示教育' }],
      ['anjian', '案件通报', { weiji: '违纪案件', dianxing: '典型案例' }],
      ['zuofeng', '作风建设', { 'baxiang-guiding': '八项规定', sifeng: '四风问题' }],
      ['jiandu', '监督检查', { zhuanxiang: '专项检查', xuncha: '巡察工作' }],
      ['dangji', '党纪法规'],
      ['xinfang', '信访举报', { xuzhi: '举报须知', gongkai: '办理公开' }],
      ['dangwu-gongkai', '党务公开'],
      ['luntan', '廉政论坛'],
      ['cunwu', '村务监督', { gongkai: '村务公开', sanzi: '三资管理' }],
    ],
  ],
  [
    'xianfeng',
    '先锋',
    [
      ['dongtai', '活动动态'],
      ['chuangxian', '创先争优', { chengnuo: '公开承诺', dianping: '领导点评', pingyi: '群众评议', liangdian: '亮点工作' }],
      ['renwu', '先锋人物', { dangyuan: '优秀共产党员', dangwu: '优秀党务工作者', biaobing: '岗位标兵' }],
      ['jiti', '先进集体'],
      ['weimin', '为民服务', { jiannuo: '承诺践诺', bangfu: '结对帮扶' }],
      ['zhengwen', '网络征文', { qishi: '征文启事', zuopin: '获奖作品' }],
      ['zhuanti', '专题活动'],
      ['hudong', '留言互动'],
    ],
  ],
  [
    'yuanjiao',
    '远教',
    [
      ['dongtai', '远教动态'],
      ['zhandian', '远教站点', { jianshe: '站点建设', guanli: '站点管理', shifan: '示范站点' }],
      ['kejian', '课件资源', { zhengce: '政策理论', jishu: '实用技术', falv: '法律法规', wenhua: '文化生活' }],
      ['xueyong', '学用结合', { zhifu: '致富典型', chengguo: '学用成果' }],
      ['guanliyuan', '管理员园地'],
      ['weihu', '技术维护'],
      ['nongye-keji', '农业科技', { zhongzhi: '种植技术', yangzhi: '养殖技术' }],
      ['zhifu', '致富信息', { gongqiu: '供求信息', wugong: '务工信息' }],
      ['jiangtang', '远教讲堂'],
    ],
  ],
  [
    'rencai',
    '人才',
    [
      ['dongtai', '人才动态'],
      ['zhengce', '人才政策', { yincai: '引才政策', jili: '激励保障' }],
      ['yinjin', '人才引进', { gaocengci: '高层次人才', jinque: '急需紧缺人才' }],
      ['peiyang', '人才培养', { nongcun: '农村实用人才', zhuanji: '专业技术人才' }],
      ['fengcai', '人才风采', { youxiu: '优秀人才', chuangye: '创业典型' }],
      ['zhaopin', '招聘信息'],
      ['fuwu', '人才服务', { dangan: '人才档案', zhinan: '服务指南' }],
      ['cunguan', '大学生村官'],
    ],
  ],
];

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

function buildTree(spec: readonly SubnetworkSpec[]): ChannelTree {
  return spec.map(([slug, name, categories], i) => ({
    slug,
    name,
    level: 'subnetwork' as const,
    order: i + 1,
    children: categories.map(([catSuffix, catName, subcategories = {}], j) => {
      const catSlug = `${slug}-${catSuffix}`;
      return {
        slug: catSlug,
        name: catName,
        level: 'category' as const,
        order: j + 1,
        children: Object.entries(subcategories).map(([subSuffix, subName], k) => ({
          slug: `${catSlug}-${subSuffix}`,
          name: subName,
          level: 'subcategory' as const,
          order: k + 1,
        })),
      };
    }),
  }));
}

/** 6 sub-networks, 55 categories, 90 sub-categories. */
export const DEFAULT_CHANNEL_TREE: ChannelTree = deepFreeze(buildTree(SPEC));

// ---------------------------------------------------------------------------------------------------------------
// Operations

/** Depth-first, parents before children, siblings in array order. */
export function flattenChannelTree(tree: ChannelTree): FlatChannel[] {
  const out: FlatChannel[] = [];
  const walk = (nodes: readonly ChannelNode[], parentPath: readonly string[]): void => {
    for (const node of nodes) {
      const path = [...parentPath, node.slug];
      out.push({
        slug: node.slug,
        name: node.name,
        level: node.level,
        order: node.order,
        parentSlug: parentPath.length > 0 ? parentPath[parentPath.length - 1]! : null,
        path,
      });
      if (node.children) walk(node.children, path);
    }
  };
  walk(tree, []);
  return out;
}

/** Checks a channel tree; returns human-readable problems (in Chinese), or [] when the tree is valid. */
export function validateChannelTree(tree: ChannelTree): string[] {
  const problems: string[] = [];
  const seenSlugs = new Map<string, string>(); // slug → name of its first holder

  const label = (node: ChannelNode): string => `栏目“${node.name || '（无名称）'}”（${String(node.slug)}）`;

  const checkSiblings = (nodes: readonly ChannelNode[], depth: number, parent: ChannelNode | null): void => {
    const where = parent ? `${label(parent)}的下级栏目` : '顶层子网';
    const expectedLevel = CHANNEL_LEVELS[depth];
    const seenNames = new Set<string>();

    nodes.forEach((node, index) => {
      const slug = node.slug;

      if (typeof slug !== 'string' || !SLUG_PATTERN.test(slug)) {
        problems.push(`${label(node)}的标识格式不正确：应为小写拼音单词以“-”连接，如 dangjian-jiceng`);
      }
      if (typeof slug === 'string') {
        const holder = seenSlugs.get(slug);
        if (holder !== undefined) {
          problems.push(`栏目标识重复：“${slug}”同时用于“${holder}”和“${node.name}”`);
        } else {
          seenSlugs.set(slug, node.name);
        }
        if (parent && !slug.startsWith(`${parent.slug}-`)) {
          problems.push(`${label(node)}的标识应以上级栏目标识“${parent.slug}-”开头`);
        }
      }

      if (typeof node.name !== 'string' || node.name.trim() === '') {
        problems.push(`栏目“${String(slug)}”的名称为空`);
      } else if (seenNames.has(node.name.trim())) {
        problems.push(`${where}中栏目名称“${node.name.trim()}”重复`);
      } else {
        seenNames.add(node.name.trim());
      }

      if (expectedLevel === undefined) {
        problems.push(`${label(node)}层级过深：栏目树只有子网、大类、小类三级`);
      } else if (node.level !== expectedLevel) {
        const actual = CHANNEL_LEVEL_NAMES[node.level] ?? String(node.level);
        problems.push(`${label(node)}层级错误：位于第 ${depth + 1} 级，应为${CHANNEL_LEVEL_NAMES[expectedLevel]}，实为${actual}`);
      }

      if (node.order !== index + 1) {
        problems.push(`${where}排序号错误：${label(node)}排在第 ${index + 1} 位，排序号应为 ${index + 1}，实为 ${String(node.order)}`);
      }

      if (node.children && node.children.length > 0) {
        if (node.level === 'subcategory') {
          problems.push(`${label(node)}是小类，不能再有下级栏目`);
        }
        checkSiblings(node.children, depth + 1, node);
      }
    });
  };

  checkSiblings(tree, 0, null);
  return problems;
}
