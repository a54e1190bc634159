import type { Connection } from 'mongoose';
import { DomainError, type NodeConfig } from '@djnet/shared';
import { accountModel, issueAuthToken, loadNodeKeyring, nodeModels } from '@djnet/services';

export interface NodeApi {
  url: string;
  /** The account the command acts as. */
  username: string;
  /** Runs a GraphQL operation on the running node; a GraphQL error becomes a DomainError with its code. */
  graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

/**
 * Talks to the running node over its own GraphQL API as one of its admins, with a short-lived token the command
 * signs with the node's key (it runs on the node's server and reads the node's database: the same trust as the
 * node itself). Changes then go through the node's commands, checks and audit, and the running process sees them.
 */
export async function nodeApi(config: NodeConfig, connection: Connection, options: { as?: string; url?: string } = {}): Promise<NodeApi> {
  const url = (options.url ?? config.publicBaseUrl ?? '').replace(/\/+$/, '');
  if (!url) throw new Error('不知道节点地址：请设置 DJNET_PUBLIC_URL 或用 --url 指定');
  const accounts = accountModel(connection);
  const account = options.as
    ? await accounts.findOne({ username: options.as }).lean()
    : await accounts.findOne({ role: 'admin', disabled: false }).sort({ createdAt: 1 }).lean();
  if (!account) throw new Error(options.as ? `本节点没有账号 ${options.as}` : '本节点还没有管理员账号，请先运行 djnet admin create');
  if (account.disabled) throw new Error(`账号 ${account.username} 已停用`);
  const keyring = await loadNodeKeyring(nodeModels(connection).NodeKey, () => new Date());
  const { token } = issueAuthToken({ config, keyring, now: () => new Date() }, account);

  return {
    url,
    username: account.username,
    async graphql<T>(query: string, variables?: Record<string, unknown>): Promise<T> {
      let response: Response;
      try {
        response = await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
          signal: AbortSignal.timeout(120_000),
        });
      } catch (e) {
        throw new Error(
          `无法连接节点 ${url}：${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}（节点在运行吗？）`,
        );
      }
      const body = (await response.json().catch(() => ({}))) as {
        data?: T;
        errors?: { message: string; extensions?: { code?: string } }[];
      };
      const error = body.errors?.[0];
      if (error) throw new DomainError((error.extensions?.code ?? 'INTERNAL') as never, error.message);
      if (!response.ok || !body.data) throw new Error(`节点返回 HTTP ${response.status}`);
      return body.data;
    },
  };
}
