import { Types } from 'mongoose';
import { globalArticleId } from '../articles/articleIds';
import type { ArticleDoc } from '../articles/articleModel';
import { articleDoc } from '../../../tests/content/contentTestNode';
import { openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { articleEvent } from './articleEvents';
import { eventSigningBytes } from './eventSignature';
import { outboxCollectionName, outboxId } from './syndicationModels';
import type { Stream, SyndicationEvent } from './syndicationTypes';

/** The relay on a real database: order, idempotence, and what a crash at each step leaves behind. */
describe('outbox relay', () => {
  let t: SyndicationTestNode;
  beforeAll(async () => {
    t = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => t?.close());

  const outbox = (stream: Stream) => t.connection.collection<SyndicationEvent & { _id: string }>(outboxCollectionName(stream));
  const eventsWithKey = async (key: string) => outbox('up').find({ key }).toArray();

  /** A published article holding a pending event, as applyArticleChange leaves it before the relay runs. */
  async function articleWithPendingEvent(title: string): Promise<ArticleDoc> {
    const _id = new Types.ObjectId();
    const doc = { _id, ...articleDoc('xingbin', { title, channel: 'dangjian', bodyText: title }) } as ArticleDoc;
    doc.pendingEvents = [articleEvent(t.node, _id, 1, 'published')];
    await t.node.models.Article.create(doc);
    return doc;
  }

  it('gives dense sequence numbers in order, signs every event, and empties the pending list', async () => {
    const head = t.syndication.relay.head('up');
    const docs = [];
    for (const title of ['一', '二', '三']) {
      const doc = await articleWithPendingEvent(`三级三批 ${title}`);
      t.syndication.relayPoke({ collection: 'articles', id: String(doc._id) });
      docs.push(doc);
    }
    await t.syndication.relay.idle();
    expect(t.syndication.relay.head('up')).toBe(head + 3);
    const events = await outbox('up')
      .find({ _id: { $in: [1, 2, 3].map((i) => outboxId(head + i)) } })
      .toArray();
    expect(events.map((e) => [e.seq, e.itemId])).toEqual(docs.map((d, i) => [head + i + 1, globalArticleId('xingbin', d._id)]));
    for (const e of events) {
      expect(e.payload.title).toMatch(/^三级三批/);
      const { _id, signature, ...unsigned } = e;
      expect(t.node.keyring.verifyOwn(e.keyId, eventSigningBytes(unsigned), signature)).toBe(true);
      expect(
        t.node.keyring.verifyOwn(e.keyId, eventSigningBytes({ ...unsigned, payload: { ...e.payload, title: '篡改' } }), signature),
      ).toBe(false);
    }
    for (const d of docs) expect((await t.node.models.Article.findById(d._id).lean())!.pendingEvents).toEqual([]);
  });

  it('relays a pending event left in an article by a crash exactly once on restart', async () => {
    const doc = await articleWithPendingEvent('崩溃前写入的稿件');
    const key = doc.pendingEvents![0]!.key;
    await t.restart(); // start-up sweep finds it
    expect(await eventsWithKey(key)).toHaveLength(1);
    await t.restart();
    await t.syndication.relay.sweep();
    await t.syndication.relay.idle();
    expect(await eventsWithKey(key)).toHaveLength(1);
  });

  it('does not relay twice an event whose outbox write landed before the crash (key reserved, not pulled)', async () => {
    const doc = await articleWithPendingEvent('写入后未清除');
    const pending = doc.pendingEvents![0]!;
    // What a crash right after the outbox write leaves: key and event written, the pending event still there.
    const seq = t.syndication.relay.head('up') + 1;
    await t.syndication.models.OutboxKey.collection.insertOne({
      _id: `up:${pending.key}` as never,
      stream: 'up',
      seq,
      source: { collection: 'articles', id: String(doc._id) },
      reservedAt: new Date(),
    });
    await outbox('up').insertOne({ _id: outboxId(seq), seq, stream: 'up', kind: 'published', key: pending.key } as never);
    await t.restart();
    expect(await eventsWithKey(pending.key)).toHaveLength(1);
    expect((await t.node.models.Article.findById(doc._id).lean())!.pendingEvents).toEqual([]);
    expect(t.syndication.relay.head('up')).toBe(seq);
  });

  it('repairs a reserved key whose event was never written, in sequence order, before assigning new numbers', async () => {
    const a = await articleWithPendingEvent('只预留了序号 甲');
    const b = await articleWithPendingEvent('只预留了序号 乙');
    const head = t.syndication.relay.head('up');
    // A crash after reserving (two, e.g. after a failed write and a second crash) and before writing the events.
    for (const [i, d] of [a, b].entries()) {
      await t.syndication.models.OutboxKey.collection.insertOne({
        _id: `up:${d.pendingEvents![0]!.key}` as never,
        stream: 'up',
        seq: head + 1 + i,
        source: { collection: 'articles', id: String(d._id) },
        reservedAt: new Date(),
      });
    }
    await t.restart();
    const repaired = await outbox('up').findOne({ _id: outboxId(head + 1) });
    expect(repaired).toMatchObject({ seq: head + 1, key: a.pendingEvents![0]!.key, itemId: globalArticleId('xingbin', a._id) });
    expect(await outbox('up').findOne({ _id: outboxId(head + 2) })).toMatchObject({ key: b.pendingEvents![0]!.key });
    expect((await t.node.models.Article.findById(a._id).lean())!.pendingEvents).toEqual([]);
    // The next event comes after them.
    const c = await articleWithPendingEvent('修复之后');
    t.syndication.relayPoke({ collection: 'articles', id: String(c._id) });
    await t.syndication.relay.idle();
    expect(await outbox('up').findOne({ _id: outboxId(head + 3) })).toMatchObject({ key: c.pendingEvents![0]!.key });
  });

  it('serves events by exact sequence up to the head, skipping a gap and never reading past the head', async () => {
    const head = t.syndication.relay.head('up');
    const page = await t.syndication.reader.read('up', head - 3, 10);
    expect(page.events.map((e) => e.seq)).toEqual([head - 2, head - 1, head]);
    expect(page).toMatchObject({ next: head, head });
    // A sequence without its event below the head (could not be rebuilt after a crash) is skipped.
    await outbox('up').deleteOne({ _id: outboxId(head - 1) });
    const fresh = new (t.syndication.reader.constructor as new (...a: unknown[]) => typeof t.syndication.reader)(t.node, () => head);
    const gapped = await fresh.read('up', head - 3, 10);
    expect(gapped.events.map((e) => e.seq)).toEqual([head - 2, head]);
    expect(gapped.next).toBe(head);
  });
});
