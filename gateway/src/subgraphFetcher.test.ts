import { createServer, type Server } from 'node:http';
import { GraphQLError } from 'graphql';
import { subgraphAgent, subgraphFetcher, type SubgraphOutcome } from './subgraphFetcher';

describe('subgraphFetcher', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let delayMs = 50;
  const agent = subgraphAgent(8);
  const outcomes: SubgraphOutcome[] = [];
  const fetcher = subgraphFetcher('xingbin', 500, { dispatcher: agent, observe: (_n, o) => outcomes.push(o) });

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests++;
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () =>
        setTimeout(() => {
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60, public' });
          res.end(JSON.stringify({ data: { echo: body.length } }));
        }, delayMs),
      );
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/graphql`;
  });
  afterAll(async () => {
    await agent.close();
    await new Promise((r) => server.close(r));
  });

  const post = (query: string, headers: Record<string, string> = {}) =>
    fetcher(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables: {} }),
    });

  it('answers with what RemoteGraphQLDataSource reads: ok, status, headers, JSON', async () => {
    const response = await post('{network{xingbin{name}}}');
    expect(response.ok).toBe(true);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('application/json');
    expect(response.headers.get('cache-control')).toBe('max-age=60, public');
    expect(await response.json()).toEqual({ data: { echo: expect.any(Number) } });
  });

  it('sends identical reads in flight at the same time once; mutations and other callers each their own', async () => {
    requests = 0;
    const reads = await Promise.all(Array.from({ length: 5 }, () => post('{network{xingbin{name}}}')));
    expect(requests).toBe(1);
    expect(new Set(await Promise.all(reads.map((r) => r.text()))).size).toBe(1);
    expect(outcomes.filter((o) => o === 'shared')).toHaveLength(4);

    requests = 0;
    await Promise.all([post('query Q{network{xingbin{name}}}'), post('query Q{network{xingbin{name}}}', { authorization: 'Bearer a' })]);
    expect(requests).toBe(2);

    requests = 0;
    await Promise.all(Array.from({ length: 3 }, () => post('mutation{xingbin{login(username:"a",password:"b"){token}}}')));
    expect(requests).toBe(3);

    requests = 0;
    await post('{network{xingbin{name}}}');
    await post('{network{xingbin{name}}}');
    expect(requests).toBe(2);
  });

  it('a node that does not answer in time is a SUBGRAPH_TIMEOUT naming it', async () => {
    delayMs = 1_500;
    const started = Date.now();
    const error = (await post('{network{xingbin{tier}}}').catch((e: unknown) => e)) as GraphQLError;
    expect(error).toBeInstanceOf(GraphQLError);
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_TIMEOUT', node: 'xingbin' });
    expect(Date.now() - started).toBeLessThan(1_400);
    delayMs = 50;
  });

  it('a node that cannot be reached is a SUBGRAPH_UNAVAILABLE naming it', async () => {
    const error = (await fetcher('http://127.0.0.1:9/graphql', { method: 'POST', body: '{"query":"{a}"}' }).catch(
      (e: unknown) => e,
    )) as GraphQLError;
    expect(error.message).toBe('节点 xingbin 不可达');
    expect(error.extensions).toEqual({ code: 'SUBGRAPH_UNAVAILABLE', node: 'xingbin' });
  });
});
