import { nodeApi } from '../nodeApi';
import { withNodeDatabase } from '../nodeDatabase';
import { resolveIo, type CommandIo } from './cliIo';

interface RotateAnswer {
  keyId: string;
  announced: boolean;
  keys: { keyId: string; createdAt: string; retiredAt: string | null }[];
}

/**
 * `djnet key rotate`: the running node makes a new signing key and registers it with the city at once; older
 * keys stay published (retired) so what they signed still verifies.
 */
export async function runKeyRotate(opts: { as?: string; url?: string }, io: CommandIo = {}): Promise<RotateAnswer> {
  const { config, out } = resolveIo(io);
  const answer = await withNodeDatabase(config, async (connection) => {
    const api = await nodeApi(config, connection, opts);
    const data = await api.graphql<Record<string, { rotateKey: RotateAnswer }>>(
      `mutation { ${config.code} { rotateKey { keyId announced keys { keyId createdAt retiredAt } } } }`,
    );
    return data[config.code]!.rotateKey;
  });
  out(`新的签名密钥：${answer.keyId}`);
  out(answer.announced ? '已登记到市级目录。' : '市级目录暂不可达：新密钥将随下次心跳登记。');
  for (const k of answer.keys) out(`  ${k.keyId}  创建于 ${k.createdAt}${k.retiredAt ? `  停用于 ${k.retiredAt}` : '  （使用中）'}`);
  return answer;
}
