import type { RequestContext } from '../graphql/requestContext';
import { rotateNodeKey } from './rotateNodeKey';

/** SiteMutations.rotateKey. */
export const keyResolvers = {
  SiteMutations: {
    rotateKey: (_: unknown, _args: unknown, ctx: RequestContext) => rotateNodeKey(ctx),
  },
};
