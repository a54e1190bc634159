import { randomBytes } from 'node:crypto';
import type { Model } from 'mongoose';
import { z } from 'zod';
import { badInput, conflict, inserted } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { ROLES, type AccountDoc, type Role } from './accountModel';
import type { Actor } from './actor';
import { checkPasswordPolicy, hashPassword } from './passwordHash';
import { requireRole, ROLE_NAMES } from './permissions';

export const USERNAME_PATTERN = /^[a-z][a-z0-9_.-]{2,31}$/;
export const USERNAME_RULE = '用户名须为 3–32 位，以小写字母开头，只含小写字母、数字及 _ . -';

const newAccountSchema = z.object({
  username: z.string({ error: '缺少用户名' }).trim().toLowerCase().regex(USERNAME_PATTERN, USERNAME_RULE),
  name: z.string({ error: '缺少姓名' }).trim().min(1, '姓名不能为空').max(40, '姓名过长（最多 40 字）'),
  password: z.string({ error: '缺少密码' }),
  role: z.enum(ROLES, { error: `角色须为 ${ROLES.map((r) => `${r}（${ROLE_NAMES[r]}）`).join('、')} 之一` }),
  reviewLevel: z.number({ error: '审核级须为 1–3' }).int('审核级须为 1–3').min(1, '审核级须为 1–3').max(3, '审核级须为 1–3').nullish(),
});

/** A new account as asked for, checked: username rule, name, password policy, role, review level. */
export interface NewAccount {
  username: string;
  name: string;
  password: string;
  role: Role;
  /** Editors: the highest review level (1–3) they may sign; ignored (1) for other roles. */
  reviewLevel: number;
}

/** Checks a request for a new account; throws BAD_USER_INPUT naming the wrong field. */
export function parseNewAccount(input: unknown): NewAccount {
  const result = newAccountSchema.safeParse(input);
  if (!result.success) {
    const issue = result.error.issues[0];
    const field = issue?.path.join('.') || undefined;
    throw badInput(issue?.message ?? '账号信息有误', { field });
  }
  const { username, name, password, role, reviewLevel } = result.data;
  checkPasswordPolicy(password);
  return { username, name, password, role, reviewLevel: role === 'editor' ? (reviewLevel ?? 1) : 1 };
}

const duplicate = (username: string) => conflict(`用户名 ${username} 已被使用`, { field: 'username' });

/** Stores a checked new account at a node. The unique username index settles concurrent creations. */
export async function insertAccount(
  accounts: Model<AccountDoc>,
  nodeCode: string,
  account: NewAccount,
  createdBy: string | null,
  now: Date,
): Promise<AccountDoc> {
  if (await accounts.exists({ username: account.username })) throw duplicate(account.username);
  const doc: AccountDoc = {
    _id: randomBytes(12).toString('hex'),
    username: account.username,
    name: account.name,
    role: account.role,
    node: nodeCode,
    reviewLevel: account.reviewLevel,
    passwordHash: await hashPassword(account.password),
    disabled: false,
    createdAt: now,
    createdBy,
    updatedAt: now,
  };
  if (!(await inserted(accounts.create(doc)))) throw duplicate(account.username);
  return doc;
}

/**
 * An admin creates an account on this node: a local admin, or an admin of a node above it (the city admin
 * anywhere, a county admin on its townships). The account's home is this node.
 */
export async function createAccount(node: NodeContext, actor: Actor | null, input: unknown): Promise<AccountDoc> {
  const { actor: admin } = requireRole({ node, actor }, ['admin']);
  const account = parseNewAccount(input);
  const created = await insertAccount(node.models.Account, node.config.code, account, `${admin.node}:${admin.accountId}`, node.now());
  node.log.info(
    { account: created._id, username: created.username, role: created.role, by: `${admin.node}:${admin.username}` },
    '已创建账号',
  );
  return created;
}
