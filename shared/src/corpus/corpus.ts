import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../database/projectPaths';

/**
 * The shipped corpus (`deploy/corpus/sentences.txt`): place names, title topics, tags and body sentences in the
 * style of party-building items. The demo's seed and the benchmarks compose their items from it.
 */
export interface Corpus {
  places: string[];
  topics: string[];
  tags: string[];
  sentences: string[];
}

export const CORPUS_FILE = () => join(projectRoot(), 'deploy', 'corpus', 'sentences.txt');

export function readCorpus(file = CORPUS_FILE()): Corpus {
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
