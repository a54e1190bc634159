import { isUnionType, type GraphQLSchema } from 'graphql';
import { badInput } from '@djnet/shared';

/**
 * `_entities` checks its representations before @apollo/subgraph resolves them: each must be an object whose
 * `__typename` names one of this subgraph's entities. Anything else (an unknown, a non-entity or a non-string type
 * name) is `BAD_USER_INPUT` naming the representation, where it was an uncoded internal error with a logged stack.
 */
export function guardEntities(schema: GraphQLSchema): GraphQLSchema {
  const field = schema.getQueryType()?.getFields()._entities;
  const union = schema.getType('_Entity');
  if (!field?.resolve || !isUnionType(union)) return schema;
  const names = new Set(union.getTypes().map((t) => t.name));
  const resolve = field.resolve;
  field.resolve = (source, args, context, info) => {
    const representations: unknown = args.representations;
    if (!Array.isArray(representations)) throw badInput('representations 须为数组', { field: 'representations' });
    representations.forEach((r: unknown, i) => {
      const typename = r && typeof r === 'object' ? (r as { __typename?: unknown }).__typename : undefined;
      if (typeof typename !== 'string' || !names.has(typename)) {
        throw badInput(`第 ${i + 1} 个实体的 __typename 无效：须为 ${[...names].join('、')} 之一`, {
          field: `representations.${i}.__typename`,
        });
      }
    });
    return resolve(source, args, context, info);
  };
  return schema;
}
