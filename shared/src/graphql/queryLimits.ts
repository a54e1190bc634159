import {
  getNamedType,
  getNullableType,
  isListType,
  isObjectType,
  isInterfaceType,
  Kind,
  SchemaMetaFieldDef,
  TypeMetaFieldDef,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * The limits every GraphQL endpoint of the network applies — the gateway and each node's own `/graphql` — so that a
 * node reached directly is no softer than through the gateway. The gateway's operator may change depth and cost
 * (`DJNET_GATEWAY_MAX_DEPTH`, `_MAX_COST`); a node keeps these for requests that do not carry a gateway signature.
 */
export const QUERY_LIMITS = {
  /** Deepest field below the namespace. */
  maxDepth: 10,
  /** Highest estimated cost (fields × list sizes). */
  maxCost: 20_000,
  /** Most aliased fields in one operation (aliases are how one request asks for the same field thousands of times). */
  maxAliases: 100,
  /** Most lexical tokens in a document: refused while parsing, before validation or execution cost anything. */
  maxTokens: 10_000,
  /** Largest JSON body of a GraphQL request. */
  maxBody: '1mb',
} as const;

/** Codes of the refusals (`extensions.code`, HTTP 400). */
export const QueryLimitCode = {
  QUERY_TOO_DEEP: 'QUERY_TOO_DEEP',
  QUERY_TOO_COSTLY: 'QUERY_TOO_COSTLY',
  TOO_MANY_ALIASES: 'TOO_MANY_ALIASES',
} as const;

/** The namespace: fields returning these types (`network`, `Mutation.<code>`) and the fields of `Network` add no depth. */
const NAMESPACE_RETURN_TYPES = new Set(['Network', 'SiteMutations']);
const NAMESPACE_PARENT_TYPES = new Set(['Network']);
/** Introspection (`__schema`, `__type`) is bounded by the schema: no cost, and its own depth ceiling. */
export const INTROSPECTION_MAX_DEPTH = 16;

export interface QueryMeasure {
  /** Deepest field below the namespace (`{ network { xingbin { articles { nodes { title } } } } }` is 3). */
  depth: number;
  /** Deepest introspection field. */
  introspectionDepth: number;
  /** Estimated work: every field counts 1, times the sizes of the lists it sits in. */
  cost: number;
  /** Aliased fields, counted as often as they are selected (fragments expanded). */
  aliases: number;
}

export interface MeasureOptions {
  variables?: Record<string, unknown> | null;
  /** Assumed size of a list whose size no `first` argument says. */
  defaultListSize?: number;
}

/**
 * Depth and cost of one operation, before it runs (in gateway mode resolvers run in the nodes, so this works on
 * the document). Fragments are expanded, aliases count separately.
 *
 * Depth: the namespace adds two levels (`network`, `<code>`) to every node query and one (`<code>`) to every
 * mutation; they are not counted, so the same query has the same depth whichever node it reads.
 *
 * Cost: each field costs 1 × the product of the sizes of the lists above it. A list's size is the `first`
 * argument of the nearest field above it (a connection: `articles(first: 50) { nodes { … } }`) or of the list
 * field itself, read from the variables or the argument's default, else `defaultListSize`.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName?: string | null,
  options: MeasureOptions = {},
): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  let operation: OperationDefinitionNode | undefined;
  for (const def of document.definitions) {
    if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
    else if (def.kind === Kind.OPERATION_DEFINITION && (!operationName ? !operation : def.name?.value === operationName)) operation = def;
  }
  const result: QueryMeasure = { depth: 0, introspectionDepth: 0, cost: 0, aliases: 0 };
  if (!operation) return result;
  const root =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  if (!root) return result;
  const variables = options.variables ?? {};
  const defaultListSize = options.defaultListSize ?? 10;
  const variableDefaults = new Map<string, unknown>();
  for (const v of operation.variableDefinitions ?? []) {
    if (v.defaultValue) variableDefaults.set(v.variable.name.value, valueFromASTUntyped(v.defaultValue));
  }

  const firstArgument = (node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number | undefined => {
    const arg = node.arguments?.find((a) => a.name.value === 'first');
    let value: unknown;
    if (arg?.value.kind === Kind.VARIABLE) {
      const name = arg.value.name.value;
      value = name in variables ? variables[name] : variableDefaults.get(name);
    } else if (arg?.value.kind === Kind.INT) value = Number(arg.value.value);
    else if (!arg) value = field?.args.find((a) => a.name === 'first')?.defaultValue;
    return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined;
  };

  const walk = (
    selectionSet: SelectionSetNode,
    parent: GraphQLCompositeType,
    depth: number,
    multiplier: number,
    pendingSize: number | undefined,
    introspection: boolean,
    inFragments: Set<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || inFragments.has(name)) continue;
        const type = schema.getType(fragment.typeCondition.name.value) as GraphQLCompositeType | undefined;
        walk(fragment.selectionSet, type ?? parent, depth, multiplier, pendingSize, introspection, new Set([...inFragments, name]));
        continue;
      }
      if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition
          ? (schema.getType(selection.typeCondition.name.value) as GraphQLCompositeType | undefined)
          : parent;
        walk(selection.selectionSet, type ?? parent, depth, multiplier, pendingSize, introspection, inFragments);
        continue;
      }
      const name = selection.name.value;
      if (selection.alias) result.aliases++;
      if (name === '__typename') continue;
      const isIntrospection = introspection || name === '__schema' || name === '__type';
      const field =
        name === '__schema' && parent === root
          ? SchemaMetaFieldDef
          : name === '__type' && parent === root
            ? TypeMetaFieldDef
            : isObjectType(parent) || isInterfaceType(parent)
              ? parent.getFields()[name]
              : undefined;
      const returnType = field ? getNamedType(field.type) : undefined;
      const namespace =
        !isIntrospection &&
        (NAMESPACE_PARENT_TYPES.has(parent.name) || (returnType !== undefined && NAMESPACE_RETURN_TYPES.has(returnType.name)));
      const level = namespace ? depth : depth + 1;
      if (isIntrospection) result.introspectionDepth = Math.max(result.introspectionDepth, level);
      else {
        result.depth = Math.max(result.depth, level);
        result.cost += multiplier;
      }
      if (!selection.selectionSet || !returnType) continue;
      const first = firstArgument(selection, field);
      const isList = !!field && isListType(getNullableType(field.type));
      // A list's size: its own `first`, or its connection's (the field just above), or the default.
      const childMultiplier = isList ? multiplier * (first ?? pendingSize ?? defaultListSize) : multiplier;
      const childPending = isList ? undefined : first;
      walk(selection.selectionSet, returnType as GraphQLCompositeType, level, childMultiplier, childPending, isIntrospection, inFragments);
    }
  };

  walk(operation.selectionSet, root, 0, 1, undefined, false, new Set());
  return result;
}
