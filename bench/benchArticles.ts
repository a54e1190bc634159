export { generator, readCorpus, type Corpus } from '@djnet/shared';

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
