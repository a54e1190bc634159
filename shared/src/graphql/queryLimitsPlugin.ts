import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { GraphQLError, type DocumentNode, type GraphQLSchema } from 'graphql';
import { INTROSPECTION_MAX_DEPTH, measureOperation, QueryLimitCode, type QueryMeasure } from './queryLimits';

type VariableValues = Record<string, unknown>;

export interface QueryLimits<Context extends BaseContext = BaseContext> {
  maxDepth: number;
  maxCost: number;
  maxAliases: number;
  /** Called with the reason when an operation is refused (metrics). */
  onRefused?(reason: 'too_deep' | 'too_costly' | 'too_many_aliases'): void;
  /** Whether the limits apply to this request (a node lets its gateway's signed requests through: checked there). */
  appliesTo?(context: Context): boolean;
}

/** A refusal raised inside Apollo Server: Apollo turns `extensions.http` into the status. */
function refusal(code: string, message: string, extensions: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code, ...extensions, http: { status: 400 } } });
}

/**
 * Refuses an operation deeper or costlier than the limits, or with too many aliases, with 400 and a coded error,
 * after Apollo has parsed and validated it and before anything is planned, fetched or resolved. The same plugin runs
 * in the gateway (where resolvers run in the nodes, so resolver-wrapping limits would never fire) and in every
 * node. Documents over `QUERY_LIMITS.maxTokens` never get here: Apollo's `parseOptions` stop them while parsing.
 */
export function queryLimitsPlugin<Context extends BaseContext = BaseContext>(limits: QueryLimits<Context>): ApolloServerPlugin<Context> {
  // Apollo keeps one parsed document per query text, so a query without variables is measured once.
  const measured = new WeakMap<DocumentNode, Map<string, QueryMeasure>>();
  const measureOnce = (
    schema: GraphQLSchema,
    document: DocumentNode,
    operationName: string | null,
    variables: VariableValues | undefined,
  ) => {
    if (variables && Object.keys(variables).length) return measureOperation(schema, document, operationName, { variables });
    let byOperation = measured.get(document);
    if (!byOperation) measured.set(document, (byOperation = new Map()));
    let measure = byOperation.get(operationName ?? '');
    if (!measure) byOperation.set(operationName ?? '', (measure = measureOperation(schema, document, operationName)));
    return measure;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request, schema, contextValue }) {
          if (limits.appliesTo && !limits.appliesTo(contextValue)) return;
          const measure = measureOnce(schema, document, operationName, request.variables);
          if (measure.depth > limits.maxDepth || measure.introspectionDepth > INTROSPECTION_MAX_DEPTH) {
            limits.onRefused?.('too_deep');
            const deep = measure.depth > limits.maxDepth;
            throw refusal(
              QueryLimitCode.QUERY_TOO_DEEP,
              `查询嵌套过深：${deep ? measure.depth : measure.introspectionDepth} 层，上限 ${deep ? limits.maxDepth : INTROSPECTION_MAX_DEPTH} 层（不计 network 与节点代码两层）`,
              { depth: deep ? measure.depth : measure.introspectionDepth, maxDepth: deep ? limits.maxDepth : INTROSPECTION_MAX_DEPTH },
            );
          }
          if (measure.cost > limits.maxCost) {
            limits.onRefused?.('too_costly');
            throw refusal(
              QueryLimitCode.QUERY_TOO_COSTLY,
              `查询代价过高：估算 ${measure.cost}，上限 ${limits.maxCost}；请减少字段、节点或每页条数（first）`,
              { cost: measure.cost, maxCost: limits.maxCost },
            );
          }
          if (measure.aliases > limits.maxAliases) {
            limits.onRefused?.('too_many_aliases');
            throw refusal(QueryLimitCode.TOO_MANY_ALIASES, `查询别名过多：${measure.aliases} 个，上限 ${limits.maxAliases} 个`, {
              aliases: measure.aliases,
              maxAliases: limits.maxAliases,
            });
          }
        },
      };
    },
  };
}
