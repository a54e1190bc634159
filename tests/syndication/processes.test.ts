import type { LaunchedNetwork } from '../../cli/src/network/launchNetwork';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import { eventually, gql, launchTestNetwork } from '../support/testNetwork';
import { FAST_AUTO_ADOPT, adminToken, articlesOf, diagnose, outboxOf, publishVia, sleep, updateVia } from './processSupport';
import { nodeNamesForTest } from './syndicationFixtures';

const byOrigin = (docs: ArticleDoc[]) => {
  const m = new Map<string, ArticleDoc[]>();
  for (const d of docs) if (d.origin) m.set(d.origin.id, [...(m.get(d.origin.id) ?? []), d]);
  return m;
};

/**
 * No event twice (by key), no sequence twice: what a crash may never leave in an outbox. A gap is allowed: an event
 * derived by an edge whose key was reserved when the node died is derived again by the edge and gets a new sequence.
 */
async function expectCleanOutbox(net: LaunchedNetwork, code: string, stream: 'up' | 'down'): Promise<void> {
  const events = await outboxOf(net, code, stream);
  const seqs = events.map((e) => e.seq);
  expect(new Set(events.map((e) => e.key)).size).toBe(events.length);
  expect(new Set(seqs).size).toBe(seqs.length);
  expect(seqs.every((s) => Number.isInteger(s) && s >= 1)).toBe(true);
}

describe('syndication between real processes: a county killed during delivery', () => {
  let net: LaunchedNetwork;
  const towns = ['xingbin_fenghuang', 'xingbin_sanwu'];
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    net = await launchTestNetwork(nodeNamesForTest(['laibin', 'xingbin', ...towns]), { nodeEnv: FAST_AUTO_ADOPT });
    for (const t of towns) tokens.set(t, await adminToken(net, t));
  }, 120_000);
  afterAll(async () => net?.stop());

  it('loses nothing and duplicates nothing, and the city shows every item with its provenance through the gateway', async () => {
    const published: string[] = [];
    let killed = false;
    const publisher = async (town: string) => {
      for (let i = 1; i <= 15; i++) published.push(await publishVia(net, town, tokens.get(town)!, `${town} 第${i}条信息`));
    };
    const killer = (async () => {
      // Kill the county while items are flowing through it, keep it down a moment, bring it back.
      await eventually(
        async () => (await articlesOf(net, 'xingbin')).length,
        (n) => n >= 4,
        30_000,
      );
      await net.killNode('xingbin');
      killed = true;
      await sleep(2_000);
      await net.restartNode('xingbin');
    })();
    await Promise.all([...towns.map(publisher), killer]);
    expect(killed).toBe(true);
    expect(published).toHaveLength(30);

    const countyCopies = await eventually(
      () => articlesOf(net, 'xingbin'),
      (docs) => docs.filter((d) => d.syndicatedFrom).length >= 30,
      60_000,
    );
    const cityCopies = await eventually(
      () => articlesOf(net, 'laibin'),
      (docs) => docs.length >= 30,
      60_000,
    );
    await sleep(3_000); // anything duplicated would have arrived by now
    const county = byOrigin((await articlesOf(net, 'xingbin')).filter((d) => d.syndicatedFrom));
    const city = byOrigin(await articlesOf(net, 'laibin'));
    for (const id of published) {
      expect(county.get(id)).toHaveLength(1);
      expect(city.get(id)).toHaveLength(1);
      expect(city.get(id)![0]!.hops!.map((h) => h.node)).toEqual(['xingbin', 'laibin']);
    }
    expect(countyCopies.length).toBeGreaterThanOrEqual(30);
    // Nothing else arrived either (no copy of an unknown item, no second copy).
    expect(cityCopies.map((d) => `${d.origin?.id} ${d.title}`).sort()).toEqual(
      [...city.values()]
        .flat()
        .map((d) => `${d.origin?.id} ${d.title}`)
        .sort(),
    );
    expect([...city.keys()].sort()).toEqual([...published].sort());
    await expectCleanOutbox(net, 'xingbin', 'up');
    await expectCleanOutbox(net, 'xingbin', 'down');

    // The network-wide view through the gateway carries the provenance.
    const { body } = await eventually(
      () =>
        gql<{
          network: {
            laibin: {
              articles: {
                nodes: { title: string; origin: { node: string; officer: string }; hops: { node: string; adoptedBy: string }[] }[];
              };
            };
          };
        }>(
          net.gatewayUrl,
          '{ network { laibin { articles(first: 100) { nodes { title origin { node name tier officer id } hops { node adoptedBy } } } } } }',
        ),
      (r) => (r.body.data?.network.laibin.articles.nodes.length ?? 0) >= 30,
      30_000,
    );
    const row = body.data!.network.laibin.articles.nodes.find((n) => n.title === 'xingbin_fenghuang 第1条信息')!;
    expect(row.origin).toMatchObject({ node: 'xingbin_fenghuang', officer: '韦信息员' });
    expect(row.hops.map((h) => [h.node, h.adoptedBy])).toEqual([
      ['xingbin', '网群同步（自动采用）'],
      ['laibin', '网群同步（自动采用）'],
    ]);
  }, 180_000);
});

describe('fault test: random nodes of a 1/2/6 network killed and restarted while items are published', () => {
  let net: LaunchedNetwork;
  const counties = ['xingbin', 'heshan'];
  const towns = ['xingbin_fenghuang', 'xingbin_sanwu', 'xingbin_qiaogong', 'heshan_hekou', 'heshan_beisi', 'heshan_lingdong'];
  const parentOf = (t: string) => (t.startsWith('xingbin_') ? 'xingbin' : 'heshan');
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    net = await launchTestNetwork(nodeNamesForTest(['laibin', ...counties, ...towns]), { nodeEnv: FAST_AUTO_ADOPT });
    for (const t of towns) tokens.set(t, await adminToken(net, t));
  }, 180_000);
  afterAll(async () => net?.stop());

  // Failed once in CI (2026-11-30 01:23, two items right at their county but not at the city after 60 s) and passed in
  // every local run since (convergence 13–30 s on a loaded machine). The window is now 120 s, and a failure prints what
  // each node holds about the first problem items (copies, inbound records, outbox events, edge cursors).
  it('ends with every adopted item exactly once at every node above it, at its latest version', async () => {
    const chaosMs = 30_000;
    const until = Date.now() + chaosMs;
    const kills: string[] = [];
    let seed = 20241;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;

    const publisher = async (town: string) => {
      const mine: string[] = [];
      let n = 0;
      while (Date.now() < until) {
        try {
          if (mine.length > 0 && random() < 0.3) {
            const id = mine[Math.floor(random() * mine.length)]!;
            await updateVia(net, town, tokens.get(town)!, id, `${town} 修订 ${++n}`);
          } else {
            mine.push(await publishVia(net, town, tokens.get(town)!, `${town} 信息 ${++n}`));
          }
        } catch {
          await sleep(300); // the township (or its database turn) is down: try again
        }
      }
    };
    const chaos = async () => {
      const all = ['laibin', ...counties, ...towns];
      const down = new Set<string>();
      const restarts: Promise<void>[] = [];
      while (Date.now() < until - 4_000) {
        await sleep(1_500 + random() * 1_500);
        const victim = all.filter((c) => !down.has(c))[Math.floor(random() * (all.length - down.size))]!;
        kills.push(victim);
        down.add(victim);
        await net.killNode(victim);
        // Back after a moment, while the chaos goes on elsewhere.
        restarts.push(
          sleep(500 + random() * 1_500)
            .then(() => net.restartNode(victim))
            .finally(() => down.delete(victim)),
        );
      }
      await Promise.all(restarts);
    };
    await Promise.all([...towns.map(publisher), chaos()]);
    expect(kills.length).toBeGreaterThanOrEqual(6);

    // The truth is each township's own database: what it published, at which version.
    const truth = new Map<string, ArticleDoc[]>();
    for (const t of towns)
      truth.set(
        t,
        (await articlesOf(net, t)).filter((d) => d.status === 'published'),
      );
    const total = [...truth.values()].reduce((s, docs) => s + docs.length, 0);
    expect(total).toBeGreaterThan(20);

    const converged = async () => {
      const problems: string[] = [];
      const city = byOrigin(await articlesOf(net, 'laibin'));
      for (const county of counties) {
        const copies = byOrigin((await articlesOf(net, county)).filter((d) => d.syndicatedFrom));
        for (const town of towns.filter((t) => parentOf(t) === county)) {
          for (const item of truth.get(town)!) {
            const id = `${town}:${String(item._id)}`;
            const atCounty = copies.get(id) ?? [];
            const atCity = city.get(id) ?? [];
            if (atCounty.length !== 1 || atCounty[0]!.title !== item.title || atCounty[0]!.inboundVersion !== item.version)
              problems.push(
                `${county} ${id}: ${atCounty.length} copies ${atCounty.map((c) => `${c.title}@${c.inboundVersion}`).join(',')} (want ${item.title}@${item.version})`,
              );
            if (
              atCity.length !== 1 ||
              atCity[0]!.title !== item.title ||
              atCounty.length !== 1 ||
              atCity[0]!.inboundVersion !== atCounty[0]!.version
            )
              problems.push(`laibin ${id}: ${atCity.length} copies ${atCity.map((c) => `${c.title}@${c.inboundVersion}`).join(',')}`);
          }
        }
      }
      return problems;
    };
    const convergeStarted = Date.now();
    const problems = await eventually(converged, (p) => p.length === 0, 120_000).catch(async () => converged());
    if (process.env.SYNDICATION_TEST_LOG || problems.length > 0)
      console.log(
        `fault test: ${kills.length} kills (${kills.join(', ')}), ${total} items published, ` +
          `${problems.length ? `${problems.length} problems after` : 'converged in'} ${Date.now() - convergeStarted} ms\n` +
          (problems.length ? (await diagnose(net, problems.slice(0, 4))).join('\n') : ''),
      );
    expect(problems.slice(0, 10)).toEqual([]);
    for (const code of ['laibin', ...counties, ...towns]) {
      await expectCleanOutbox(net, code, 'up');
      await expectCleanOutbox(net, code, 'down');
    }
  }, 240_000);
});
