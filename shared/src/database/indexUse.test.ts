import { MongoClient, ObjectId, type Collection, type Document, type Filter } from 'mongodb';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { planUsesIndex, readPlan } from './queryPlan';

/** Test documents whose _id is any value (strings, ObjectIds), as the node's collections have. */
type AnyDoc = { _id?: string | ObjectId; [key: string]: unknown };

/**
 * The embedded database answers `_id` and indexed-field equality through its indexes (FerretDB v1.24.2 as the
 * project patches it, shared/ferretdb/sqlite-indexes.patch; MongoDB does so anyway), and the documents it returns
 * are exactly those MongoDB's rules match. Fails if a FerretDB upgrade, a lost patch or a collection made later
 * silently goes back to reading the whole table.
 */
describe('index use', () => {
  let client: MongoClient;
  const dbName = uniqueDatabaseName('indexuse');
  const plan = async (c: Collection<AnyDoc>, filter: Filter<AnyDoc>) => readPlan(await c.find(filter).explain());

  beforeAll(async () => {
    client = await MongoClient.connect(testMongoUri());
  });
  afterAll(async () => {
    await client.db(dbName).dropDatabase();
    await client.close();
  });

  it('reads by _id through the _id index, in a collection made before or after start, created explicitly or by a write', async () => {
    const db = client.db(dbName);
    await db.createCollection('made_explicitly');
    const made = db.collection<AnyDoc>('made_explicitly');
    await made.insertOne({ _id: 'a' as never, v: 1 });
    const byWrite = db.collection<AnyDoc>('made_by_a_write');
    const oid = new ObjectId();
    await byWrite.insertOne({ _id: oid, v: 1 });
    const byUpsert = db.collection<AnyDoc>('made_by_an_upsert');
    await byUpsert.updateOne({ _id: 'u' as never }, { $set: { v: 1 } }, { upsert: true });

    for (const [c, id] of [
      [made, 'a'],
      [byWrite, oid],
      [byUpsert, 'u'],
    ] as const) {
      const reading = await plan(c, { _id: id });
      expect({ collection: c.collectionName, uses: planUsesIndex(reading, '_id_'), plan: reading.text }).toMatchObject({ uses: true });
      // With other conditions beside it (a compare-and-set), and as a list.
      expect(planUsesIndex(await plan(c, { _id: id, v: 1 }), '_id_')).toBe(true);
      expect(planUsesIndex(await plan(c, { _id: { $in: [id, 'zz'] } }), '_id_')).toBe(true);
    }
    // Without an equality on an indexed field there is nothing to search by: the plan says so (the check can fail).
    expect(planUsesIndex(await plan(made, { v: 1 }), '_id_')).toBe(false);
  });

  it('reads by a field through that field’s index, single or compound, also as $eq and $in', async () => {
    const c = client.db(dbName).collection<AnyDoc>('by_field');
    await c.createIndex({ key: 1 }, { unique: true });
    await c.createIndex({ node: 1, status: 1 });
    await c.insertMany([
      { key: 'k1', node: 'n1', status: 'draft' },
      { key: 'k2', node: 'n2', status: 'published' },
    ]);
    expect(planUsesIndex(await plan(c, { key: 'k1' }), 'key_1')).toBe(true);
    expect(planUsesIndex(await plan(c, { key: { $eq: 'k1' } }), 'key_1')).toBe(true);
    expect(planUsesIndex(await plan(c, { key: { $in: ['k1', 'k2'] } }), 'key_1')).toBe(true);
    expect(planUsesIndex(await plan(c, { node: 'n1' }), 'node_1_status_1')).toBe(true);
    expect(planUsesIndex(await plan(c, { node: 'n1', status: 'draft' }), 'node_1_status_1')).toBe(true);
    // An index created after the documents serves as well.
    await c.createIndex({ extra: 1 });
    expect(planUsesIndex(await plan(c, { extra: 'x' }), 'extra_1')).toBe(true);
  });

  describe('returns what MongoDB’s rules match', () => {
    let c: Collection<AnyDoc>;
    const hex = new ObjectId();
    const tricky = [
      '<a href="x">&amp;</a>',
      'quote " and \\ backslash',
      '党建网群',
      '😀 emoji',
      'line\u2028separator',
      'tab\tand\nnewline',
      '',
    ];
    beforeAll(async () => {
      c = client.db(dbName).collection<AnyDoc>('semantics');
      await c.createIndex({ f: 1 });
      await c.createIndex({ b: 1 });
      const docs: Document[] = [
        ...tricky.map((s, i) => ({ _id: `s${i}`, f: s })),
        ...tricky.map((s, i) => ({ _id: `id:${s}`, f: `by id ${i}` })),
        { _id: 'arr', f: ['党建网群', 'other'] },
        { _id: 'emptyArr', f: [] },
        { _id: 'doc', f: { f: '党建网群' } },
        { _id: 'num', f: 5 },
        { _id: 'null', f: null },
        { _id: 'missing' },
        { _id: 'oid', f: hex },
        { _id: 'hexString', f: hex.toHexString() },
        { _id: 'bTrue', b: true },
        { _id: 'bFalse', b: false },
        { _id: 'bArr', b: [false, true] },
        { _id: 'bStr', b: 'true' },
        { _id: hex, f: 'oid id' },
      ];
      await c.insertMany(docs);
    });
    const ids = async (filter: Filter<AnyDoc>) => (await c.find(filter).toArray()).map((d) => String(d._id)).sort();
    // `$and` keeps a filter from being pushed down: FerretDB then checks every document itself, MongoDB plans it the same.
    const unpushed = (filter: Filter<AnyDoc>) => ({ $and: [filter] });

    it.each([
      ...tricky.map((s) => [`f = ${JSON.stringify(s)}`, { f: s }] as const),
      ...tricky.map((s) => [`_id = ${JSON.stringify(`id:${s}`)}`, { _id: `id:${s}` }] as const),
      ['f = a value inside an array', { f: '党建网群' }],
      ['f $eq', { f: { $eq: 'other' } }],
      ['f $in', { f: { $in: ['other', 'quote " and \\ backslash', 'none'] } }],
      ['f = ObjectId', { f: hex }],
      ['f = its hex string', { f: hex.toHexString() }],
      ['_id = ObjectId', { _id: hex }],
      ['_id $in mixed', { _id: { $in: ['arr', hex, 's2', 'none'] } }],
      ['_id and f', { _id: 'arr', f: 'other' }],
      ['_id and f, not matching', { _id: 'arr', f: 'none' }],
      ['b = true', { b: true }],
      ['b = false', { b: false }],
      ['f $eq with $ne', { f: { $eq: '党建网群', $ne: 'x' } }],
      ['f = 5 (not pushed down)', { f: 5 }],
      ['f = null (not pushed down)', { f: null }],
    ] as [string, Filter<AnyDoc>][])('%s', async (_name, filter) => {
      const pushed = await ids(filter);
      expect(pushed).toEqual(await ids(unpushed(filter)));
    });

    it('matches the expected documents (the comparison above cannot pass on empty answers)', async () => {
      expect(await ids({ f: '党建网群' })).toEqual(['arr', 's2']);
      expect(await ids({ f: tricky[0] })).toEqual(['s0']);
      expect(await ids({ f: '' })).toEqual(['s6']);
      expect(await ids({ _id: `id:${tricky[4]}` })).toEqual([`id:${tricky[4]}`]);
      expect(await ids({ b: true })).toEqual(['bArr', 'bTrue']);
      expect(await ids({ _id: { $in: ['arr', hex, 'none'] } })).toEqual(['arr', hex.toHexString()].sort());
    });

    it('updates and upserts by a field the way MongoDB does', async () => {
      expect((await c.updateOne({ f: 'other' }, { $set: { seen: 1 } })).modifiedCount).toBe(1);
      expect((await c.findOne({ _id: 'arr' as never }))?.seen).toBe(1);
      const up = await c.updateOne({ f: 'brand new' }, { $set: { seen: 2 } }, { upsert: true });
      expect(up.upsertedCount).toBe(1);
      expect((await c.updateOne({ f: 'brand new' }, { $set: { seen: 3 } }, { upsert: true })).modifiedCount).toBe(1);
      expect(await c.countDocuments({ f: 'brand new' })).toBe(1);
      expect((await c.deleteMany({ f: { $in: ['brand new', tricky[1]] } })).deletedCount).toBe(2);
    });
  });
});
