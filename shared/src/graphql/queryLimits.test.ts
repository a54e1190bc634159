import { buildSchema, getIntrospectionQuery, parse } from 'graphql';
import { INTROSPECTION_MAX_DEPTH, measureOperation } from './queryLimits';

/** The shape of the supergraph's API schema, reduced to what the limits look at. */
const schema = buildSchema(`
  type Query { network: Network!  sites(tier: String): [SiteInfo!]! }
  type Mutation { xingbin: SiteMutations!  issuePartnerKey(name: String!): Key! }
  type Network { xingbin: Site  heshan: Site  xiangzhou: Site }
  type Site {
    name: String!
    channels: [Channel!]!
    articles(channel: String, first: Int = 20, after: String): ArticleConnection!
    search(query: String!, first: Int = 20): SearchConnection!
  }
  type SiteInfo { code: String! children: [String!]! }
  type Channel { slug: String! path: [String!]! }
  type ArticleConnection { nodes: [Article!]! pageInfo: PageInfo! }
  type SearchConnection { hits: [SearchHit!]! }
  type SearchHit { article: Article! score: Float! }
  type PageInfo { hasNextPage: Boolean! }
  type Article { title: String! attachments: [Media!]! coverImage: Media }
  type Media { url: String! }
  type SiteMutations { login(u: String!): Auth! }
  type Auth { token: String! account: Account! }
  type Account { name: String! }
  type Key { key: String! }
`);

const measure = (query: string, variables?: Record<string, unknown>, operationName?: string) =>
  measureOperation(schema, parse(query), operationName, { variables });

describe('query depth', () => {
  it('does not count the namespace: network and the node code add no depth', () => {
    expect(measure('{ network { xingbin { name } } }').depth).toBe(1);
    expect(measure('{ network { xingbin { articles { nodes { coverImage { url } } } } } }').depth).toBe(4);
    expect(measure('{ sites { code } }').depth).toBe(2);
  });

  it('counts SiteMutations fields but not Mutation.<code>', () => {
    expect(measure('mutation { xingbin { login(u: "a") { account { name } } } }').depth).toBe(3);
    expect(measure('mutation { issuePartnerKey(name: "a") { key } }').depth).toBe(2);
  });

  it('follows fragments and inline fragments', () => {
    const q = `query Q { network { ...N } }
      fragment N on Network { heshan { articles { nodes { ...A } } } }
      fragment A on Article { ... on Article { coverImage { url } } }`;
    expect(measure(q).depth).toBe(4);
  });

  it('picks the named operation', () => {
    const q = 'query A { network { xingbin { name } } } query B { network { xingbin { channels { path } } } }';
    expect(measure(q, undefined, 'A').depth).toBe(1);
    expect(measure(q, undefined, 'B').depth).toBe(2);
  });

  it('measures introspection apart, with room for the standard introspection query', () => {
    const m = measure(getIntrospectionQuery());
    expect(m.depth).toBe(0);
    expect(m.cost).toBe(0);
    expect(m.introspectionDepth).toBeGreaterThan(5);
    expect(m.introspectionDepth).toBeLessThanOrEqual(INTROSPECTION_MAX_DEPTH);
    const nested = `{ __schema { types { fields { type { fields { type { fields { type { fields { type { fields { type { fields {
      type { fields { type { fields { name } } } } } } } } } } } } } } } } } }`;
    expect(measure(nested).introspectionDepth).toBeGreaterThan(INTROSPECTION_MAX_DEPTH);
  });
});

describe('query cost', () => {
  it('counts every field once outside lists; __typename is free', () => {
    expect(measure('{ network { xingbin { name __typename } } }').cost).toBe(3);
  });

  it('multiplies what sits in a connection by its first argument, or the argument default', () => {
    // network 1 + xingbin 1 + articles 1 + nodes 1 + 5 × title
    expect(measure('{ network { xingbin { articles(first: 5) { nodes { title } } } } }').cost).toBe(9);
    expect(measure('{ network { xingbin { articles { nodes { title } } } } }').cost).toBe(24);
  });

  it('reads first from the variables, then from the variable default', () => {
    const q = 'query($n: Int = 3) { network { xingbin { articles(first: $n) { nodes { title } } } } }';
    expect(measure(q, { n: 50 }).cost).toBe(54);
    expect(measure(q, {}).cost).toBe(7);
  });

  it('nests list sizes: 10 articles × their attachments (default size 10)', () => {
    const q = '{ network { xingbin { articles(first: 10) { nodes { attachments { url } } } } } }';
    // 4 + 10 × (attachments 1 + 10 × url 1) = 4 + 110
    expect(measure(q).cost).toBe(114);
  });

  it('grows with every node read', () => {
    const one = measure('{ network { xingbin { articles(first: 20) { nodes { title } } } } }').cost;
    const three = measure(
      '{ network { xingbin { articles(first: 20) { nodes { title } } } heshan { articles(first: 20) { nodes { title } } } xiangzhou { articles(first: 20) { nodes { title } } } } }',
    ).cost;
    expect(three).toBe(3 * one - 2);
  });
});
