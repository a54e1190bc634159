import type { NodeContext } from '../node/nodeContext';
import { storeInheritedSensitiveWords } from './sensitiveWordList';

/**
 * Fetches the city's sensitive-word list once and stores it as this node's copy. The request is authenticated
 * with the node's registration token. Resolves false (keeping the local copy) when the city cannot be reached.
 */
export async function syncSensitiveWordsOnce(node: NodeContext): Promise<boolean> {
  const { cityUrl, registrationToken } = node.config;
  if (node.config.tier === 'city' || !cityUrl || !registrationToken) return false;
  try {
    const response = await fetch(`${cityUrl}/directory/sensitive-words`, {
      headers: { authorization: `Bearer ${registrationToken}` },
      signal: AbortSignal.timeout(5_000),
    });
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const body = (await response.json()) as { words?: unknown };
    if (!Array.isArray(body.words) || !body.words.every((w) => typeof w === 'string')) throw new Error('响应格式错误');
    await storeInheritedSensitiveWords(node, body.words as string[]);
    return true;
  } catch (e) {
    node.log.warn({ err: (e as Error).message }, '同步市级敏感词表失败，继续使用本地副本');
    return false;
  }
}

/** Keeps the copy current until syndication carries the list down: every interval after the start-up fetch. Returns a stop function. */
export function startSensitiveWordSync(node: NodeContext, intervalMs = 5 * 60_000): () => void {
  if (node.config.tier === 'city') return () => undefined;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    await syncSensitiveWordsOnce(node);
    if (stopped) return;
    timer = setTimeout(() => void run(), intervalMs);
    timer.unref();
  };
  timer = setTimeout(() => void run(), intervalMs);
  timer.unref();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
