/** GraphQL resolvers for accounts: Site.me, Site.accounts, SiteMutations.login/createAccount/setAccountDisabled. (helper-owned) */
export const accountResolvers: Record<string, Record<string, unknown>> = {};
