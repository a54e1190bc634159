import { createHash } from 'node:crypto';
import { globalArticleId } from '../../services/src/articles/articleIds';
import { retractArticle } from '../../services/src/articles/retractArticle';
import { setSensitiveWords } from '../../services/src/articles/sensitiveWordList';
import { approveArticle } from '../../services/src/articles/approveArticle';
import { articleEventKey } from '../../services/src/syndication/articleEvents';
import { updateArticle } from '../../services/src/articles/updateArticle';
import { storeMediaAs } from '../../services/src/media/storeMedia';
import { acceptOriginUpdate } from '../../services/src/syndication/acceptOriginUpdate';
import { adoptItem } from '../../services/src/syndication/adoptItem';
import { adoptedArticleId } from '../../services/src/syndication/inbound/copies';
import { rejectItem } from '../../services/src/syndication/rejectItem';
import { replayEdge, setEdgePolicy } from '../../services/src/syndication/edgeCommands';
import { peerAuthorization } from '../../services/src/syndication/peerAuth';
import { publishNotice } from '../../services/src/syndication/notices/publishNotice';
import { bearer, createAccountDirect, loginToken } from '../support/accounts';
import { asActor, ensureChannel } from '../support/actors';
import { startInProcessNetwork, type InProcessNetwork } from '../support/inProcessNetwork';
import { eventually, gql } from '../support/testNetwork';
import { articleAt, copiesAt, correctItem, gid, inboundAt, publishItem } from './syndicationFixtures';

const NODES = [
  { code: 'laibin', name: '来宾市党建网', tier: 'city' as const },
  { code: 'xingbin', name: '兴宾区党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'heshan', name: '合山市党建网', tier: 'county' as const, parent: 'laibin' },
  { code: 'xingbin_fenghuang', name: '凤凰镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
  { code: 'xingbin_sanwu', name: '三五镇党建信息服务站', tier: 'township' as const, parent: 'xingbin' },
  { code: 'heshan_hekou', name: '河里镇党建信息服务站', tier: 'township' as const, parent: 'heshan' },
];
const METRICS_TOKEN = 'metrics-token-for-the-city-0001';
const TOWNSHIPS = NODES.filter((n) => n.tier === 'township').map((n) => n.code);

/** A 1 × 2 × 3 network in this process: counties adopt automatically, the city's editors adopt by hand. */
describe('syndication across the tiers (in-process nodes, real database and HTTP)', () => {
  let net: InProcessNetwork;
  let cityToken: string;
  const node = (code: string) => net.node(code);

  beforeAll(async () => {
    net = await startInProcessNetwork(NODES, {
      config: { syndicationPullSeconds: 1 },
      logLevel: process.env.SYNDICATION_TEST_LOG ?? 'silent',
      configFor: (code) => ({
        syndicationAutoAdopt: code === 'xingbin' || code === 'heshan',
        ...(code === 'laibin' ? { metricsToken: METRICS_TOKEN } : {}),
      }),
    });
    await createAccountDirect(node('laibin'), { username: 'laibin_editor', name: '市编辑', role: 'editor', reviewLevel: 3 });
    cityToken = await loginToken(node('laibin'), 'laibin_editor');
  }, 120_000);
  afterAll(async () => net?.stop());

  it('a township item adopted by its county and then by the city carries its full provenance', async () => {
    const town = node('xingbin_fenghuang');
    const item = await publishItem(town, { title: '凤凰镇开展“三级三批”党建活动' }, '韦信息员');
    const itemId = gid(town, item);

    // The county adopts by policy; its copy goes on up to the city's adoption queue.
    const [countyCopy] = await eventually(
      () => copiesAt(node('xingbin'), itemId),
      (c) => c.length === 1,
    );
    expect(countyCopy).toMatchObject({ status: 'published', syndicatedFrom: itemId, channel: 'dangjian' });
    const queue = await eventually(
      () =>
        gql<{
          network: { laibin: { adoptionQueue: { id: string; from: string; title: string; origin: { node: string; officer: string } }[] } };
        }>(
          node('laibin').url,
          '{ network { laibin { adoptionQueue { id from title origin { node officer } hops { node } } } } }',
          {},
          bearer(cityToken),
        ),
      (r) => (r.body.data?.network.laibin.adoptionQueue ?? []).some((q) => q.origin.node === 'xingbin_fenghuang'),
    );
    const queued = queue.body.data!.network.laibin.adoptionQueue.find((q) => q.origin.node === 'xingbin_fenghuang')!;
    expect(queued).toMatchObject({ from: 'xingbin', title: item.title, origin: { officer: '韦信息员' } });
    expect(queued.id).toBe(globalArticleId('xingbin', countyCopy!._id));

    // The city's editor adopts it over GraphQL.
    const adopted = await gql<{
      laibin: { adoptItem: { id: string; status: string; origin: unknown; hops: { node: string; adoptedBy: string }[] } };
    }>(
      node('laibin').url,
      'mutation($id: ID!) { laibin { adoptItem(id: $id) { id status origin { node name tier officer id } hops { node name tier at adoptedBy } } } }',
      { id: queued.id },
      bearer(cityToken),
    );
    expect(adopted.body.errors).toBeUndefined();
    const copy = adopted.body.data!.laibin.adoptItem;
    expect(copy.status).toBe('PUBLISHED');
    expect(copy.origin).toEqual({
      node: 'xingbin_fenghuang',
      name: '凤凰镇党建信息服务站',
      tier: 'TOWNSHIP',
      officer: '韦信息员',
      id: itemId,
    });
    expect(copy.hops.map((h) => [h.node, h.adoptedBy])).toEqual([
      ['xingbin', '网群同步（自动采用）'],
      ['laibin', '市编辑'],
    ]);

    // Both adoptions travel back down to the origin, hop by hop.
    const origin = await eventually(
      () => articleAt(town, item._id),
      (d) => (d?.adoptions ?? []).length === 2,
    );
    expect(origin!.adoptions!.map((a) => [a.node, a.status]).sort()).toEqual([
      ['laibin', 'adopted'],
      ['xingbin', 'adopted'],
    ]);
    expect(origin!.adoptions!.find((a) => a.node === 'laibin')!.copyId).toBe(copy.id);
    // The county's copy knows where it went too.
    expect((await articleAt(node('xingbin'), countyCopy!._id))!.adoptions!.map((a) => a.node)).toEqual(['laibin']);

    // Public readers see the provenance on the city's article list.
    const listed = await gql<{
      network: { laibin: { articles: { nodes: { id: string; origin: { node: string }; hops: { node: string }[] }[] } } };
    }>(node('laibin').url, '{ network { laibin { articles(first: 50) { nodes { id origin { node } hops { node } } } } } }');
    const row = listed.body.data!.network.laibin.articles.nodes.find((a) => a.id === copy.id);
    expect(row).toEqual({ id: copy.id, origin: { node: 'xingbin_fenghuang' }, hops: [{ node: 'xingbin' }, { node: 'laibin' }] });
  });

  it('an update and then a retraction at the origin reach every copy', async () => {
    const town = node('xingbin_sanwu');
    const item = await publishItem(town, { title: '三五镇党员冬训动员会' });
    const itemId = gid(town, item);
    const [countyCopy] = await eventually(
      () => copiesAt(node('xingbin'), itemId),
      (c) => c.length === 1,
    );
    const countyCopyId = globalArticleId('xingbin', countyCopy!._id);
    await eventually(
      () => inboundAt(node('laibin'), countyCopyId),
      (i) => !!i,
    );
    // The city adopts by hand.
    const cityCopy = await adoptItem(asActor(node('laibin'), 'editor', { name: '市编辑' }), countyCopyId);

    const editor = asActor(town, 'admin');
    // The correction waits for review: the origin's live text and every copy keep version 1, and no update event
    // is written; the revision is what reviewers read, with its diff.
    const pending = await updateArticle(asActor(town, 'editor', { name: '镇编辑' }), itemId, {
      title: '三五镇党员冬训动员会（更新）',
      body: '<p>参加党员 120 名。</p>',
    });
    expect(pending).toMatchObject({ status: 'published', version: 1, title: '三五镇党员冬训动员会' });
    expect(pending.pendingRevision).toMatchObject({ reviewLevel: 1, baseVersion: 1, content: { title: '三五镇党员冬训动员会（更新）' } });
    expect((pending.pendingEvents ?? []).filter((e) => e.kind === 'updated')).toEqual([]);
    expect(await town.syndication.models.OutboxKey.findById(articleEventKey(itemId, 2, 'updated')).lean()).toBeNull();
    const publicPage = await fetch(`${town.url}/articles/${String(item._id)}`).then((r) => r.text());
    expect(publicPage).toContain('三五镇党员冬训动员会');
    expect(publicPage).not.toContain('参加党员 120 名');
    expect(await articleAt(node('xingbin'), countyCopy!._id)).toMatchObject({ version: 1, title: '三五镇党员冬训动员会' });
    await approveArticle(editor, itemId);
    const updatedCounty = await eventually(
      () => articleAt(node('xingbin'), countyCopy!._id),
      (d) => d?.title === '三五镇党员冬训动员会（更新）',
    );
    expect(updatedCounty).toMatchObject({ version: 2, bodyText: '参加党员 120 名。', inboundVersion: 2 });
    await eventually(
      () => articleAt(node('laibin'), cityCopy._id),
      (d) => d?.title === '三五镇党员冬训动员会（更新）' && d.bodyText === '参加党员 120 名。',
    );

    await retractArticle(editor, itemId, '内容有误');
    const retractedCounty = await eventually(
      () => articleAt(node('xingbin'), countyCopy!._id),
      (d) => d?.status === 'retracted',
    );
    expect(retractedCounty!.reason).toContain('来源稿件已撤回');
    await eventually(
      () => articleAt(node('laibin'), cityCopy._id),
      (d) => d?.status === 'retracted',
    );
    expect(await inboundAt(node('laibin'), countyCopyId)).toMatchObject({ status: 'retracted', tombstone: true });
  });

  it('a correction at the receiver made before the origin’s update cannot be approved over it', async () => {
    const town = node('xingbin_fenghuang');
    const item = await publishItem(town, { title: '凤凰镇党员冬训' });
    const itemId = gid(town, item);
    const [copy] = await eventually(
      () => copiesAt(node('xingbin'), itemId),
      (c) => c.length === 1,
    );
    const copyId = globalArticleId('xingbin', copy!._id);
    const countyEditor = asActor(node('xingbin'), 'editor', { name: '县编辑' });
    const pending = await updateArticle(countyEditor, copyId, { summary: '县里的摘要' });
    expect(pending.pendingRevision).toMatchObject({ baseVersion: 1 });
    // The origin's correction reaches the copy (not edited here yet: it applies at once) …
    await correctItem(town, itemId, { title: '凤凰镇党员冬训（修订）' });
    await eventually(
      () => articleAt(node('xingbin'), copy!._id),
      (d) => d?.title === '凤凰镇党员冬训（修订）',
    );
    // … so the county's revision was written against a version that is gone.
    await expect(approveArticle(asActor(node('xingbin'), 'admin'), copyId)).rejects.toMatchObject({ code: 'CONFLICT' });
    // Edited again, the correction starts from the live text (the origin's new title is kept), and can be approved.
    const redone = await updateArticle(countyEditor, copyId, { summary: '县里的摘要' });
    expect(redone.pendingRevision).toMatchObject({ baseVersion: 2, content: { title: '凤凰镇党员冬训（修订）', summary: '县里的摘要' } });
  });

  it('a local edit at the receiver waits for the editor’s consent; the retraction still applies', async () => {
    const town = node('xingbin_fenghuang');
    const item = await publishItem(town, { title: '凤凰镇村级活动场所建设' });
    const itemId = gid(town, item);
    const [copy] = await eventually(
      () => copiesAt(node('xingbin'), itemId),
      (c) => c.length === 1,
    );
    const copyId = globalArticleId('xingbin', copy!._id);
    const countyEditor = asActor(node('xingbin'), 'admin', { name: '县编辑' });
    await correctItem(node('xingbin'), copyId, { summary: '县里加的摘要' }, '县编辑');

    await correctItem(town, itemId, { title: '凤凰镇村级活动场所建设（修订）' });
    const held = await eventually(
      () => inboundAt(node('xingbin'), itemId),
      (i) => i?.pendingUpdate?.version === 2,
    );
    expect(held!.version).toBe(2);
    const local = await articleAt(node('xingbin'), copy!._id);
    expect(local).toMatchObject({ title: '凤凰镇村级活动场所建设', summary: '县里加的摘要', version: 2 });

    // Shown to the county's staff, then accepted.
    const adminToken = await (async () => {
      await createAccountDirect(node('xingbin'), { username: 'xingbin_admin', name: '县管理员', role: 'admin' });
      return loginToken(node('xingbin'), 'xingbin_admin');
    })();
    const shown = await gql<{ network: { xingbin: { article: { pendingOriginUpdate: { version: number; title: string } } } } }>(
      node('xingbin').url,
      'query($id: ID!) { network { xingbin { article(id: $id) { pendingOriginUpdate { version title } } } } }',
      { id: copyId },
      bearer(adminToken),
    );
    expect(shown.body.data?.network.xingbin.article.pendingOriginUpdate).toEqual({ version: 2, title: '凤凰镇村级活动场所建设（修订）' });
    const accepted = await acceptOriginUpdate(countyEditor, copyId);
    expect(accepted).toMatchObject({ title: '凤凰镇村级活动场所建设（修订）', version: 3, inboundVersion: 2 });
    expect((await inboundAt(node('xingbin'), itemId))!.pendingUpdate).toBeNull();

    await retractArticle(asActor(town, 'admin'), itemId, '重复报送');
    await eventually(
      () => articleAt(node('xingbin'), copy!._id),
      (d) => d?.status === 'retracted',
    );
  });

  it('a rejection is reported back to the origin with its reason', async () => {
    const town = node('heshan_hekou');
    const item = await publishItem(town, { title: '河里镇一般性会议消息' });
    const itemId = gid(town, item);
    const [countyCopy] = await eventually(
      () => copiesAt(node('heshan'), itemId),
      (c) => c.length === 1,
    );
    const countyCopyId = globalArticleId('heshan', countyCopy!._id);
    await eventually(
      () => inboundAt(node('laibin'), countyCopyId),
      (i) => !!i,
    );
    await rejectItem(asActor(node('laibin'), 'editor', { name: '市编辑' }), countyCopyId, '内容一般，不予采用');
    const origin = await eventually(
      () => articleAt(town, item._id),
      (d) => (d?.adoptions ?? []).some((a) => a.node === 'laibin'),
    );
    expect(origin!.adoptions!.find((a) => a.node === 'laibin')).toMatchObject({
      status: 'rejected',
      reason: '内容一般，不予采用',
      by: '市编辑',
    });
    expect(origin!.adoptions!.find((a) => a.node === 'heshan')).toMatchObject({ status: 'adopted' });
    expect(await copiesAt(node('laibin'), itemId)).toHaveLength(0);
  });

  it('a city notice reaches every township', async () => {
    const notice = await publishNotice(asActor(node('laibin'), 'admin', { name: '市委组织部' }), {
      title: '关于做好2024年度信息员考核工作的通知',
      body: '<p>各县区、乡镇：请于月底前报送。</p><script>alert(1)</script>',
    }).catch((e: Error) => e);
    expect(notice).toBeInstanceOf(Error); // scripts are refused, not silently dropped
    const issued = await publishNotice(asActor(node('laibin'), 'admin', { name: '市委组织部' }), {
      title: '关于做好2024年度信息员考核工作的通知',
      body: '<p>各县区、乡镇：请于月底前报送。</p>',
    });
    for (const code of [...TOWNSHIPS, 'xingbin', 'heshan']) {
      const got = await eventually(
        () =>
          gql<{ network: Record<string, { notices: { id: string; title: string; issuedBy: string }[] }> }>(
            node(code).url,
            `{ network { ${code} { notices { id title issuedBy } } } }`,
          ),
        (r) => (r.body.data?.network[code]?.notices ?? []).some((n) => n.id === issued._id),
      );
      expect(got.body.data!.network[code]!.notices.find((n) => n.id === issued._id)).toMatchObject({ issuedBy: '市委组织部' });
    }
  });

  it('the city’s sensitive-word list and channel tree come down the tiers at once', async () => {
    await setSensitiveWords(asActor(node('laibin'), 'admin'), ['违规词甲', '违规词乙']);
    for (const code of TOWNSHIPS) {
      await eventually(
        () => node(code).context.models.NodeSettings.findById('settings').lean(),
        (s) => (s?.sensitiveWords ?? []).includes('违规词甲'),
        10_000,
      );
    }
    const before = await node('xingbin_sanwu').syndication.models.SharedState.findById('channelTree').lean();
    await node('laibin').context.models.Channel.updateOne({ _id: 'dangjian' }, { $set: { name: '党建工作' } });
    node('laibin').syndication.sharedStateChanged();
    await eventually(
      () => node('xingbin_sanwu').context.models.Channel.findById('dangjian').lean(),
      (c) => c?.name === '党建工作',
      10_000,
    );
    const city = await eventually(
      () => node('laibin').syndication.models.SharedState.findById('channelTree').lean(),
      // Relayed events leave the documents that held them.
      (c) => c?.pendingEvents.length === 0,
    );
    // The township ends at the city's revision (the city may have written the tree more than once meanwhile).
    const after = await eventually(
      () => node('xingbin_sanwu').syndication.models.SharedState.findById('channelTree').lean(),
      (t) => t?.revision === city!.revision,
      10_000,
    );
    expect(after!.revision).toBeGreaterThan(before?.revision ?? 0);
  });

  it('media travel by reference and are fetched by the receiver with the same hash', async () => {
    const town = node('xingbin_fenghuang');
    // A 1×1 PNG.
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const { doc: media } = await storeMediaAs(town.context, { bytes: png, contentType: 'image/png', filename: '活动照片.png' }, 'test');
    const item = await publishItem(town, { title: '凤凰镇党员志愿服务（图）' });
    const itemId = gid(town, item);
    await correctItem(town, itemId, { coverImageId: media._id });
    const [copy] = await eventually(
      () => copiesAt(node('xingbin'), itemId),
      (c) => c.length === 1 && c[0]!.coverImageId === media._id,
    );
    const fetched = await eventually(
      () => node('xingbin').context.models.Media.findById(media._id, { data: 0 }).lean(),
      (m) => !!m,
    );
    expect(fetched!.sha256).toBe(createHash('sha256').update(png).digest('hex'));
    expect(copy!.coverImageId).toBe(media._id);
  });

  it('a cover published with the item reaches the city through a county that adopts automatically', async () => {
    const town = node('xingbin_fenghuang');
    const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
    const { doc: media } = await storeMediaAs(
      town.context,
      { bytes: Buffer.concat([png, Buffer.from('two hops')]), contentType: 'image/png', filename: '封面.png' },
      'test',
    );
    const item = await publishItem(town, { title: '凤凰镇带图稿件经县级转报市级', coverImageId: media._id });
    const itemId = gid(town, item);
    const [countyCopy] = await eventually(
      () => copiesAt(node('xingbin'), itemId),
      (c) => c.length === 1,
    );
    // The county relayed its copy at once (auto-adoption), before the picture had arrived there: the event still names it.
    const atCity = await eventually(
      () => inboundAt(node('laibin'), globalArticleId('xingbin', countyCopy!._id)),
      (i) => !!i?.payload,
    );
    expect(atCity!.payload!.coverImage).toMatchObject({ id: media._id, sha256: media.sha256 });
    // Adopted at the city, the picture is fetched there (from the county or the township) with the same hash.
    const cityCopy = await adoptItem(asActor(node('laibin'), 'editor', { name: '市编辑' }), atCity!._id);
    expect(cityCopy.coverImageId).toBe(media._id);
    const fetched = await eventually(
      () => node('laibin').context.models.Media.findById(media._id, { data: 0 }).lean(),
      (m) => !!m,
    );
    expect(fetched!.sha256).toBe(media.sha256);
  });

  it("a body picture of an item an editor adopts by hand is named in the copy's event and reaches the city", async () => {
    const town = node('xingbin_sanwu');
    const county = node('xingbin');
    // The county's editor decides this township's items (the console's path in the browser test).
    await setEdgePolicy(asActor(county, 'admin'), 'xingbin_sanwu', false);
    try {
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
      const { doc: media } = await storeMediaAs(
        town.context,
        { bytes: Buffer.concat([png, Buffer.from('by hand')]), contentType: 'image/png', filename: '现场.png' },
        'test',
      );
      const item = await publishItem(town, {
        title: '三五镇带正文图片的稿件由县编辑采用',
        body: `<p>三五镇召开推进会。</p><p><img src="/media/${media._id}" alt="推进会现场"></p>`,
      });
      const itemId = gid(town, item);
      const queued = await eventually(
        () => inboundAt(county, itemId),
        (i) => i?.status === 'pending',
      );
      const countyCopy = await adoptItem(asActor(county, 'editor', { name: '县编辑' }), queued!._id);
      // The copy is written and relayed at once, before the picture has arrived at the county: its event still names it.
      const atCity = await eventually(
        () => inboundAt(node('laibin'), globalArticleId('xingbin', countyCopy._id)),
        (i) => !!i?.payload,
      );
      expect(atCity!.payload!.bodyImages).toEqual([expect.objectContaining({ id: media._id, sha256: media.sha256 })]);
      await adoptItem(asActor(node('laibin'), 'editor', { name: '市编辑' }), atCity!._id);
      const fetched = await eventually(
        () => node('laibin').context.models.Media.findById(media._id, { data: 0 }).lean(),
        (m) => !!m,
      );
      expect(fetched!.sha256).toBe(media.sha256);
    } finally {
      await setEdgePolicy(asActor(county, 'admin'), 'xingbin_sanwu', null);
    }
  });

  it('an item held because the county lacked its channel is adopted automatically once the channel exists', async () => {
    const town = node('xingbin_fenghuang');
    const county = node('xingbin');
    // A channel the township has and the county does not (as with items that arrive before the shared tree).
    await ensureChannel(town, 'fenghuang-tese', '凤凰特色');
    const item = await publishItem(town, { title: '凤凰镇特色党建品牌', channel: 'fenghuang-tese' });
    const itemId = gid(town, item);
    const held = await eventually(
      () => inboundAt(county, itemId),
      (i) => !!i?.note,
    );
    expect(held).toMatchObject({ status: 'pending' });
    expect(held!.note).toContain('fenghuang-tese');
    expect(county.syndication.heldForEditor.has(itemId)).toBe(true);
    expect(await copiesAt(county, itemId)).toHaveLength(0);

    await ensureChannel(county, 'fenghuang-tese', '凤凰特色');
    // What the schedule does every tick.
    await eventually(
      async () => {
        await county.syndication.retryHeld();
        return copiesAt(county, itemId);
      },
      (c) => c.length === 1,
    );
    expect(await inboundAt(county, itemId)).toMatchObject({ status: 'adopted', note: null });
    expect(county.syndication.heldForEditor.has(itemId)).toBe(false);
  });

  it('a backlog is adopted together; delivered again after losing the received items, nothing is written twice', async () => {
    const town = node('heshan_hekou');
    const county = node('heshan');
    await ensureChannel(town, 'hekou-tese', '河里特色');
    const items = await Promise.all(Array.from({ length: 12 }, (_, i) => publishItem(town, { title: `河里镇批量信息 ${i + 1}` })));
    const localOnly = await publishItem(town, { title: '河里镇特色栏目信息', channel: 'hekou-tese' });
    const ids = items.map((d) => gid(town, d));
    await eventually(
      async () => Promise.all(ids.map((id) => copiesAt(county, id))),
      (all) => all.every((c) => c.length === 1),
      30_000,
    );
    const held = await eventually(
      () => inboundAt(county, gid(town, localOnly)),
      (i) => !!i?.note,
    );
    expect(held).toMatchObject({ status: 'pending' });
    const copyIds = new Set(ids.map((id) => String(adoptedArticleId(id))));

    // As if the county had lost the received items (a crash after the copies were written): the edge delivers
    // everything again; the copies are found, the items written, their events and reports not doubled.
    await county.syndication.models.InboundItem.deleteMany({ _id: { $in: ids } });
    for (const id of ids) county.syndication.inboundIds.delete(id);
    await replayEdge(asActor(county, 'admin'), 'heshan_hekou', 'up', 1);
    for (const id of ids) {
      expect(await copiesAt(county, id)).toHaveLength(1);
      expect(await inboundAt(county, id)).toMatchObject({ status: 'adopted', localArticleId: String(adoptedArticleId(id)) });
    }
    const up = await county.connection
      .collection('outbox_up')
      .find({}, { projection: { key: 1, itemId: 1, kind: 1 } })
      .toArray();
    expect(new Set(up.map((e) => e.key)).size).toBe(up.length);
    const published = up.filter((e) => e.kind === 'published' && copyIds.has(String(e.itemId).split(':')[1] ?? ''));
    expect(published).toHaveLength(ids.length);
    const down = await county.connection
      .collection('outbox_down')
      .find({}, { projection: { key: 1, itemId: 1, kind: 1 } })
      .toArray();
    expect(new Set(down.map((e) => e.key)).size).toBe(down.length);
    expect(down.filter((e) => e.kind === 'adopted' && ids.includes(String(e.itemId)))).toHaveLength(ids.length);
    // The origin learnt of every adoption once.
    await eventually(
      async () => Promise.all(ids.map((id) => articleAt(town, id.split(':')[1]))),
      (docs) => docs.every((d) => d?.adoptions?.filter((a) => a.node === 'heshan').length === 1),
    );
  });

  it('a child reads only what is meant for it from its parent: reports addressed to its siblings are passed over', async () => {
    const city = node('laibin');
    const read = async (child: string) => {
      const response = await fetch(`${city.url}/syndication/down?after=0&limit=500`, {
        headers: { authorization: peerAuthorization(node(child).context, 'laibin', 'read:down') },
      });
      expect(response.status).toBe(200);
      return (await response.json()) as { events: { to: string | null; kind: string }[]; next: number; head: number };
    };
    // The city has adopted items of both counties (earlier tests): its down stream holds reports for each.
    const all = await city.connection
      .collection('outbox_down')
      .find({}, { projection: { to: 1 } })
      .toArray();
    expect(new Set(all.map((e) => e.to)).has('heshan')).toBe(true);
    expect(new Set(all.map((e) => e.to)).has('xingbin')).toBe(true);
    for (const child of ['xingbin', 'heshan']) {
      const page = await read(child);
      expect(page.events.length).toBeGreaterThan(0);
      expect(page.events.every((e) => e.to === null || e.to === child)).toBe(true);
      expect(page.events.filter((e) => e.to === child)).toHaveLength(all.filter((e) => e.to === child).length);
      // The cursor passes what was left out.
      expect(page.next).toBe(page.head);
    }
  });

  it('shows per-edge status and the adoption queue over GraphQL', async () => {
    // Something has come up both branches (also when this test runs alone).
    for (const town of ['xingbin_fenghuang', 'heshan_hekou']) await publishItem(node(town), { title: `${town} 状态测试` });
    await eventually(
      async () =>
        node('laibin')
          .syndication.edgeList()
          .map((e) => e.state.cursor),
      (cursors) => cursors.length === 2 && cursors.every((c) => c > 0),
    );
    const { body } = await gql<{
      network: {
        laibin: {
          syndication: {
            downHead: number;
            edges: { peer: string; stream: string; cursor: number; lag: number; failures: number }[];
            readers: { peer: string }[];
          };
        };
      };
    }>(
      node('laibin').url,
      '{ network { laibin { syndication { upHead downHead edges { peer stream cursor head lag lagSeconds lastError failures applied rejected autoAdopt } readers { peer stream after lag } } } } }',
      {},
      bearer(cityToken),
    );
    expect(body.errors).toBeUndefined();
    const s = body.data!.network.laibin.syndication;
    expect(s.edges.map((e) => `${e.peer}:${e.stream}`).sort()).toEqual(['heshan:UP', 'xingbin:UP']);
    expect(s.edges.every((e) => e.cursor > 0 && e.failures === 0)).toBe(true);
    expect(s.readers.map((r) => r.peer).sort()).toEqual(['heshan', 'xingbin']);
    // The same per edge in Prometheus form.
    // The city's /metrics asks for its token; the others have none configured (open to their own host only).
    const refused = await fetch(`${node('laibin').url}/metrics`);
    expect(refused.status).toBe(401);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${node('laibin').url}/metrics`, { headers: { authorization: 'Bearer wrong-token-of-some-length' } })).status).toBe(
      401,
    );
    expect((await fetch(`${node('xingbin').url}/metrics`)).status).toBe(200);
    const metrics = await (await fetch(`${node('laibin').url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } })).text();
    expect(metrics).toMatch(/djnet_syndication_edge_cursor\{peer="xingbin",stream="up"\} [1-9]/);
    expect(metrics).toMatch(/djnet_syndication_events_applied_total\{stream="up"\} [1-9]/);
    // Not for the public.
    const anonymous = await gql(node('laibin').url, '{ network { laibin { syndication { upHead } } } }');
    expect(anonymous.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    // Deterministic copy ids: the county's copy of an item is found where adoptedArticleId says.
    const [anyCopy] = await node('xingbin')
      .context.models.Article.find({ syndicatedFrom: { $ne: null } })
      .limit(1)
      .lean();
    expect(String(anyCopy!._id)).toBe(String(adoptedArticleId(anyCopy!.syndicatedFrom!)));
  });
});
