import { Schema, type Connection } from 'mongoose';
import { openNodeDatabase } from './connection';
import { isFerretDb } from './ferretdbWrites';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';

/**
 * FerretDB v1 loses concurrent updates of one document; openNodeDatabase serializes writes on FerretDB
 * connections. These concurrent updates must all land (on MongoDB they do anyway).
 */
describe('concurrent updates through a node connection', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('writes'));
    connection.model('Counter', new Schema({ _id: String, n: Number, revision: Number }, { versionKey: false }));
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('knows which server it talks to', async () => {
    expect(await isFerretDb(connection)).toBe(process.env.DJNET_TEST_DB_KIND === 'ferretdb');
  });

  it('keeps every one of 30 concurrent $inc and $set updates', async () => {
    const Counter = connection.model('Counter');
    await Counter.create({ _id: 'c', n: 0, revision: 0 });
    await Promise.all(Array.from({ length: 30 }, () => Counter.updateOne({ _id: 'c' }, { $inc: { n: 1 } })));
    await Promise.all(Array.from({ length: 8 }, (_, i) => Counter.updateOne({ _id: 'c' }, { $set: { [`f${i}`]: i } }, { strict: false })));
    const doc = (await Counter.findById('c').lean()) as Record<string, unknown>;
    expect(doc.n).toBe(30);
    expect(Object.keys(doc).filter((k) => k.startsWith('f'))).toHaveLength(8);
  });

  it('lets exactly one of several concurrent compare-and-set updates win', async () => {
    const Counter = connection.model('Counter');
    await Counter.create({ _id: 'cas', n: 0, revision: 0 });
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        Counter.findOneAndUpdate(
          { _id: 'cas', revision: 0 },
          { $set: { n: i }, $inc: { revision: 1 } },
          { returnDocument: 'after' },
        ).lean(),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
  });
});
