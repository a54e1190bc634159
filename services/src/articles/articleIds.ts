import { Types } from 'mongoose';
import { badInput, isValidNodeCode, notFound } from '@djnet/shared';

/** The network-wide id of an article: `<node code>:<local id>` (e.g. `xingbin:6b0c8bbb7b788af4114883c2`). */
export function globalArticleId(node: string, localId: Types.ObjectId | string): string {
  return `${node}:${String(localId)}`;
}

/** Parses a global id meant for this node; a malformed id is BAD_USER_INPUT, another node's id NOT_FOUND here. */
export function localArticleId(globalId: string, thisNode: string): Types.ObjectId {
  const match = /^([a-z][a-z0-9_]*):([0-9a-f]{24})$/.exec(globalId);
  if (!match || !isValidNodeCode(match[1]!))
    throw badInput(`文章 ID 格式错误：应为 <节点代码>:<24 位十六进制>，收到 ${JSON.stringify(globalId.slice(0, 80))}`, { field: 'id' });
  if (match[1] !== thisNode) throw notFound(`文章 ${globalId} 不属于本站（${thisNode}）`);
  return new Types.ObjectId(match[2]);
}
