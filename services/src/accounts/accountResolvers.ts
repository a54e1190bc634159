import { badInput } from '@djnet/shared';
import type { RequestContext } from '../graphql/requestContext';
import type { AccountDoc } from './accountModel';
import { accountView, actorAccountView } from './accountView';
import { createAccount } from './createAccount';
import { login } from './login';
import { requireRole } from './permissions';
import { setAccountDisabled } from './setAccountDisabled';

interface AccountInputArgs {
  input: { username: string; name: string; password: string; role: string; reviewLevel?: number | null };
}

/** GraphQL resolvers for accounts: Site.me, Site.accounts, SiteMutations.login/createAccount/setAccountDisabled. */
export const accountResolvers: Record<string, Record<string, unknown>> = {
  Site: {
    me: async (_site: unknown, _args: unknown, ctx: RequestContext) => {
      if (!ctx.actor) return null;
      if (ctx.actor.node !== ctx.node.config.code) return actorAccountView(ctx.actor);
      const account = await ctx.node.models.Account.findById(ctx.actor.accountId).lean<AccountDoc>();
      return account ? accountView(account) : null;
    },
    accounts: async (_site: unknown, _args: unknown, ctx: RequestContext) => {
      requireRole(ctx, ['admin']);
      const accounts = await ctx.node.models.Account.find({}).lean<AccountDoc[]>();
      return accounts.sort((a, b) => a.username.localeCompare(b.username)).map(accountView);
    },
  },
  SiteMutations: {
    login: async (_: unknown, args: { username: string; password: string }, ctx: RequestContext) => {
      const result = await login(ctx.node, { username: args.username, password: args.password, ip: ctx.ip });
      return { token: result.token, expiresAt: result.expiresAt.toISOString(), account: accountView(result.account) };
    },
    createAccount: async (_: unknown, { input }: AccountInputArgs, ctx: RequestContext) => {
      if (!input || typeof input.role !== 'string') throw badInput('缺少角色', { field: 'role' });
      return accountView(await createAccount(ctx.node, ctx.actor, { ...input, role: input.role.toLowerCase() }));
    },
    setAccountDisabled: async (_: unknown, args: { id: string; disabled: boolean }, ctx: RequestContext) =>
      accountView(await setAccountDisabled(ctx.node, ctx.actor, args.id, args.disabled)),
  },
};
