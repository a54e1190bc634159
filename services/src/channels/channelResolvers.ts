/** GraphQL resolvers for Site.channels, Site.channel and the channel mutations. (helper-owned: channels) */
export const channelResolvers: Record<string, Record<string, unknown>> = {};
