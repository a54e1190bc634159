import { generator, readCorpus, type Corpus, type NetworkNode } from '@djnet/shared';

/** An item the demo's officers write at their node (township or county), composed from the shipped corpus. */
export interface DemoItem {
  title: string;
  channel: string;
  summary: string;
  body: string;
  tags: string[];
}

/** The tag of the demo's topic (专题): every other item carries it, so the city's topic lists some of each tier. */
export const DEMO_TOPIC_TAG = '乡村振兴';

/** Channels of the shared tree an item of each tier is filed under (by the title's theme, else the tier's news). */
const CHANNEL_BY_THEME: readonly [RegExp, string][] = [
  [/信息员/, 'dangjian-xinxiyuan-youxiu'],
  [/主题党日|冬春训/, 'dangjian-dangyuan-jiaoyu-zhuti-dangri'],
  [/党史/, 'dangshi-jiaoyu-xuexi'],
  [/远程教育/, 'yuanjiao-zhandian-jianshe'],
  [/廉政/, 'jijian-lianzheng-jingshi'],
  [/换届|软弱涣散/, 'dangjian-zuzhi-jianshe-huanjie'],
];

function channelFor(title: string, tier: NetworkNode['tier']): string {
  for (const [theme, slug] of CHANNEL_BY_THEME) if (theme.test(title)) return slug;
  return tier === 'township' ? 'dangjian-gongzuo-dongtai-xiangzhen' : 'dangjian-gongzuo-dongtai-xianqu';
}

/** The place a node's items speak of: the township or county name without its site suffix (凤凰镇, 兴宾区). */
export function placeOf(node: Pick<NetworkNode, 'name'>): string {
  return node.name.replace(/(党建信息服务站|党建网)$/, '');
}

/** The character pairs of a text (Chinese has no spaces; a pair is the smallest word). */
function bigrams(text: string): string[] {
  return Array.from({ length: Math.max(0, text.length - 1) }, (_, i) => text.slice(i, i + 2));
}

function seedOf(code: string): number {
  return [...code].reduce((h, ch) => (h * 31 + ch.charCodeAt(0)) >>> 0, 7);
}

/**
 * `count` distinct items for one node, the same on every run: a theme of the corpus for the title, an opening, three
 * body sentences and a closing; tags from the corpus (every other item also the topic's tag).
 */
export function demoItems(node: NetworkNode, count: number, corpus: Corpus = readCorpus()): DemoItem[] {
  const rand = generator(seedOf(node.code));
  const place = placeOf(node);
  const themes = [...corpus.topics].sort(() => rand.next() - 0.5).slice(0, count);
  return themes.map((theme, i) => {
    // Sentences that share words with the theme first (so the item reads as one story), then others, then a closing.
    const related = corpus.sentences
      .map((text) => ({ text, score: bigrams(theme).filter((b) => text.includes(b)).length + rand.next() / 2 }))
      .sort((a, b) => b.score - a.score)
      .map((s) => s.text);
    const closings = corpus.sentences.filter((text) => /^(下一步|与会人员)/.test(text));
    const sentences = [...related.filter((t) => !closings.includes(t)).slice(0, 3), rand.pick(closings)];
    const opening = `近日，${place}${theme}。`;
    const paragraphs = [opening, ...sentences];
    const tags = [rand.pick(corpus.tags), ...(i % 2 === 0 ? [DEMO_TOPIC_TAG] : [])].filter((t, j, all) => all.indexOf(t) === j);
    return {
      title: `${place}${theme}`,
      channel: channelFor(theme, node.tier),
      summary: `${opening}${sentences[0]}`,
      body: paragraphs.map((p) => `<p>${p}</p>`).join(''),
      tags,
    };
  });
}
