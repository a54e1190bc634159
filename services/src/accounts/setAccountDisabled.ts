import { badInput, documentWrites, notFound } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import type { AccountDoc } from './accountModel';
import type { Actor } from './actor';
import { requireRole } from './permissions';

/**
 * An admin (of this node or above it) disables or re-enables an account of this node. A disabled account can
 * no longer sign in, and its tokens are refused here at once. An admin cannot disable their own account.
 */
export async function setAccountDisabled(
  node: NodeContext,
  actor: Actor | null,
  accountId: string,
  disabled: boolean,
): Promise<AccountDoc> {
  const { actor: admin } = requireRole({ node, actor }, ['admin']);
  if (typeof accountId !== 'string' || accountId.length === 0 || accountId.length > 64) throw badInput('账号 ID 无效', { field: 'id' });
  if (typeof disabled !== 'boolean') throw badInput('disabled 须为布尔值', { field: 'disabled' });
  if (disabled && admin.node === node.config.code && admin.accountId === accountId) throw badInput('不能停用自己的账号', { field: 'id' });
  // Through the per-document serializer: FerretDB v1 rewrites whole documents, so concurrent updates could undo each other.
  const updated = await documentWrites.run(`${node.config.databaseName}/accounts/${accountId}`, () =>
    node.models.Account.findOneAndUpdate(
      { _id: accountId },
      { $set: { disabled, updatedAt: node.now() } },
      { returnDocument: 'after' },
    ).lean<AccountDoc>(),
  );
  if (!updated) throw notFound('账号不存在');
  node.log.info({ account: accountId, disabled, by: `${admin.node}:${admin.username}` }, disabled ? '已停用账号' : '已启用账号');
  return updated;
}
