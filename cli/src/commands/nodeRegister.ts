import { loadNodeKeyring, nodeModels, registerWithCity, registrationPayload } from '@djnet/services';
import { withNodeDatabase } from '../nodeDatabase';
import { resolveIo, type CommandIo } from './cliIo';

/**
 * `djnet node register`: registers this node with the city directory now, with its config, registration token
 * and keys (generated here if the node never started), and prints the city's answer — to check a new node's
 * config and token before its first start, or to publish a changed URL at once. The running node keeps its own
 * registration fresh with its heartbeat.
 */
export async function runNodeRegister(opts: { url?: string }, io: CommandIo = {}): Promise<void> {
  const { config, out } = resolveIo(io);
  if (config.tier === 'city') throw new Error('市级节点就是目录本身，无需注册');
  const url = (opts.url ?? config.publicBaseUrl ?? '').replace(/\/+$/, '');
  if (!url) throw new Error('不知道本节点的对外地址：请设置 DJNET_PUBLIC_URL 或用 --url 指定');
  const payload = await withNodeDatabase(config, async (connection) => {
    const keyring = await loadNodeKeyring(nodeModels(connection).NodeKey, () => new Date());
    return registrationPayload({ config, keyring }, url);
  });
  const answer = await registerWithCity(config.cityUrl!, config.registrationToken!, payload);
  out(`已在市级目录登记：${config.code}（${config.name}），地址 ${url}，模式级别 ${payload.schemaLevel}`);
  out(`上级：${config.parent}${answer.peers?.parent?.url ? `（${answer.peers.parent.url}）` : ''}`);
  out(`下级：${answer.children.length ? answer.children.join('、') : '无'}`);
  out(`签名密钥：${payload.publicKeys.map((k) => `${k.keyId}${k.retiredAt ? '（已停用）' : ''}`).join('、')}`);
}
