import type { NodeContext } from '../node/nodeContext';
import type { CommentDoc } from './readersModels';

/** A comment or message as the public sees it: no contact, no visitor hash, no moderator notes. */
export interface PublicComment {
  id: string;
  nickname: string;
  subject: string;
  body: string;
  createdAt: string;
  reply: string | null;
  repliedAt: string | null;
}

const REFRESH_MS = 30_000;
const SHOWN_PER_ARTICLE = 50;

export function publicComment(c: CommentDoc): PublicComment {
  return {
    id: c._id,
    nickname: c.nickname,
    subject: c.subject,
    body: c.body,
    createdAt: new Date(c.createdAt).toISOString(),
    reply: c.reply,
    repliedAt: c.repliedAt ? new Date(c.repliedAt).toISOString() : null,
  };
}

/**
 * Approved comments per article and approved messages, held in memory so an article page costs no database
 * read for them: loaded at start, updated at once by this process's moderation, re-read every 30 s (another
 * process of the node may have moderated). The number of pending ones is kept for the console's menu.
 */
export class PublicComments {
  private byArticle = new Map<string, PublicComment[]>();
  private messages: PublicComment[] = [];
  private timer: NodeJS.Timeout | undefined;
  pending = 0;

  constructor(private readonly node: NodeContext) {}

  async start(intervalMs = REFRESH_MS): Promise<void> {
    await this.reload();
    this.timer = setInterval(
      () => void this.reload().catch((e: Error) => this.node.log.warn({ err: e.message }, '读取留言评论失败')),
      intervalMs,
    );
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  async reload(): Promise<void> {
    const docs = await this.node.models.Comment.find({ status: { $in: ['approved', 'pending'] } }, { contact: 0, visitorHash: 0 }).lean<
      CommentDoc[]
    >();
    const byArticle = new Map<string, PublicComment[]>();
    const messages: PublicComment[] = [];
    let pending = 0;
    for (const c of docs.sort((a, b) => new Date(a.createdAt).getTime() - new Date(b.createdAt).getTime())) {
      if (c.status === 'pending') {
        pending++;
        continue;
      }
      if (c.kind === 'message') messages.push(publicComment(c));
      else if (c.article) byArticle.set(c.article, [...(byArticle.get(c.article) ?? []), publicComment(c)]);
    }
    this.byArticle = byArticle;
    this.messages = messages.reverse();
    this.pending = pending;
  }

  /** The article's approved comments, oldest first (the newest 50). */
  forArticle(id: string): PublicComment[] {
    return (this.byArticle.get(id) ?? []).slice(-SHOWN_PER_ARTICLE);
  }

  /** Approved messages with their replies, newest first. */
  publicMessages(): PublicComment[] {
    return this.messages;
  }

  pendingChanged(): void {
    this.pending++;
  }

  /** A moderation here: the public lists follow at once. */
  changed(c: CommentDoc): void {
    const view = publicComment(c);
    if (c.kind === 'message') {
      this.messages = this.messages.filter((m) => m.id !== c._id);
      if (c.status === 'approved') this.messages = [view, ...this.messages].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
    } else if (c.article) {
      const list = (this.byArticle.get(c.article) ?? []).filter((m) => m.id !== c._id);
      if (c.status === 'approved') list.push(view);
      this.byArticle.set(
        c.article,
        list.sort((a, b) => a.createdAt.localeCompare(b.createdAt)),
      );
    }
    void this.reload().catch(() => undefined);
  }
}
