import type { ArticleStatus } from './articleModel';

export const STATUS_NAMES: Record<ArticleStatus, string> = {
  draft: '草稿',
  submitted: '已报送',
  in_review: '审核中',
  published: '已发布',
  returned: '已退回',
  retracted: '已撤稿',
};

export const toGraphqlStatus = (s: ArticleStatus) => s.toUpperCase();
export const fromGraphqlStatus = (s: string) => s.toLowerCase() as ArticleStatus;
