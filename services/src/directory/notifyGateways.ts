import type { Logger } from '@djnet/shared';

/** Pokes each gateway so it re-reads the directory now instead of at its next poll. Best effort. */
export function notifyGateways(urls: string[], log: Logger): void {
  for (const url of urls) {
    fetch(`${url}/internal/directory-changed`, { method: 'POST', signal: AbortSignal.timeout(2_000) }).catch((err: Error) =>
      log.warn({ gateway: url, err: err.message }, '通知网关目录变化失败（网关将按周期自行刷新）'),
    );
  }
}
