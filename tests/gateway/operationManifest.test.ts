import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, validate } from 'graphql';
import { parseGatewayConfig, projectRoot } from '../../shared/src';
import { nodeTypeDefs } from '../../services/src/graphql/nodeTypeDefs';
import { OperationManifest, sha256 } from '../../gateway/src/operationManifest';
import { measureOperation } from '../../shared/src/graphql/queryLimits';

/** The registered operations shipped in deploy/operations.json stay valid against the demo network's supergraph. */
describe('deploy/operations.json', () => {
  const manifestPath = join(projectRoot(), 'deploy', 'operations.json');
  const network = JSON.parse(readFileSync(join(projectRoot(), 'deploy', 'demo-network.json'), 'utf8')) as {
    nodes: { code: string; tier: string }[];
  };
  const composed = composeServices(
    network.nodes.map((n) => ({
      name: n.code,
      url: `http://127.0.0.1/${n.code}`,
      typeDefs: parse(nodeTypeDefs(n.code, 1, n.tier === 'city')),
    })),
  );
  if (composed.errors) throw new Error(composed.errors.map((e) => e.message).join('\n'));
  const api = composed.schema.toAPISchema().toGraphQLJSSchema();
  const defaults = parseGatewayConfig({ port: 0, cityUrl: 'http://127.0.0.1:1' });
  const raw = JSON.parse(readFileSync(manifestPath, 'utf8')) as { operations: { id: string; name: string; body: string }[] };

  it('is an Apollo persisted-query manifest whose ids are the SHA-256 of the bodies', () => {
    const manifest = OperationManifest.fromFile(manifestPath, (id) => {
      throw new Error(`id ${id} does not match its body`);
    });
    expect(manifest.size).toBe(raw.operations.length);
    for (const op of raw.operations) expect(op.id).toBe(sha256(op.body));
  });

  it.each(raw.operations.map((op) => [op.name, op.body]))('%s validates and is within the default depth and cost limits', (_name, body) => {
    const document = parse(body);
    expect(validate(api, document)).toEqual([]);
    const measure = measureOperation(api, document);
    expect(measure.depth).toBeLessThanOrEqual(defaults.maxDepth);
    expect(measure.cost).toBeLessThanOrEqual(defaults.maxCost);
  });
});
