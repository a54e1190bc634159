import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shipped corpus (bench/corpus/sentences.txt): place names, title topics, tags and body sentences. */
export interface Corpus {
  places: string[];
  topics: string[];
  tags: string[];
  sentences: string[];
}

export function readCorpus(file = join(__dirname, '..', 'corpus', 'sentences.txt')): Corpus {
  const corpus: Corpus = { places: [], topics: [], tags: [], sentences: [] };
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const tagged = /^\[(place|topic|tag)\]\s*(.+)$/.exec(line);
    if (!tagged) corpus.sentences.push(line);
    else if (tagged[1] === 'place') corpus.places.push(tagged[2]!);
    else if (tagged[1] === 'topic') corpus.topics.push(tagged[2]!);
    else corpus.tags.push(tagged[2]!);
  }
  return corpus;
}

/** A deterministic pseudo-random generator, so every run writes the same text. */
export function generator(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
  return { next, pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]! };
}

/**
 * A published article as the node stores it, for writing straight into a node's database before it starts (the
 * node loads it into its catalog; with `pendingEvents` its relay sends it up). The content fields come from the
 * caller; the workflow fields are those of an article published once.
 */
export interface ArticleContent {
  node: string;
  title: string;
  channel: string;
  body: string;
  bodyText: string;
  subtitle?: string | null;
  author?: string | null;
  officer?: string | null;
  sourceUnit?: string | null;
  tags?: string[];
  summary?: string | null;
}

export function publishedArticle(content: ArticleContent, at: Date) {
  return {
    subtitle: null as string | null,
    author: null as string | null,
    officer: null as string | null,
    sourceUnit: null as string | null,
    tags: [] as string[],
    summary: null as string | null,
    ...content,
    coverImageId: null,
    attachmentIds: [] as string[],
    status: 'published' as const,
    reviewLevel: null,
    reason: null,
    createdBy: 'bench',
    createdAt: at,
    updatedAt: at,
    publishedAt: at,
    version: 1,
    revision: 1,
    viewCount: 0,
    transitions: [],
    sensitiveHits: [],
    importKey: null,
  };
}
