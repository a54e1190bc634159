import type { ApolloServerPlugin } from '@apollo/server';
import { GatewayErrorCode, graphqlRefusal } from './gatewayErrors';
import type { DocumentNode, GraphQLSchema } from 'graphql';
import { INTROSPECTION_MAX_DEPTH, measureOperation, type QueryMeasure } from './queryLimits';

type VariableValues = Record<string, unknown>;

export interface QueryLimits {
  maxDepth: number;
  maxCost: number;
  /** Called with the reason when an operation is refused (metrics). */
  onRefused?(reason: 'too_deep' | 'too_costly'): void;
}

/**
 * Refuses an operation deeper or costlier than the limits with 400 and a coded error, after Apollo has parsed
 * and validated it and before the gateway plans or fetches anything. (In gateway mode resolvers run in the
 * nodes, so resolver-wrapping limits would never fire here.)
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
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
        async didResolveOperation({ document, operationName, request, schema }) {
          const measure = measureOnce(schema, document, operationName, request.variables);
          if (measure.depth > limits.maxDepth || measure.introspectionDepth > INTROSPECTION_MAX_DEPTH) {
            limits.onRefused?.('too_deep');
            const deep = measure.depth > limits.maxDepth;
            throw graphqlRefusal(
              400,
              GatewayErrorCode.QUERY_TOO_DEEP,
              `查询嵌套过深：${deep ? measure.depth : measure.introspectionDepth} 层，上限 ${deep ? limits.maxDepth : INTROSPECTION_MAX_DEPTH} 层（不计 network 与节点代码两层）`,
              { depth: deep ? measure.depth : measure.introspectionDepth, maxDepth: deep ? limits.maxDepth : INTROSPECTION_MAX_DEPTH },
            );
          }
          if (measure.cost > limits.maxCost) {
            limits.onRefused?.('too_costly');
            throw graphqlRefusal(
              400,
              GatewayErrorCode.QUERY_TOO_COSTLY,
              `查询代价过高：估算 ${measure.cost}，上限 ${limits.maxCost}；请减少字段、节点或每页条数（first）`,
              { cost: measure.cost, maxCost: limits.maxCost },
            );
          }
        },
      };
    },
  };
}
