import type { Connection } from 'mongoose';
import { openNodeDatabase } from '../database/connection';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { inserted, insertNew, isDuplicateKey } from './duplicateKey';

/** The duplicate-key helpers against the real server the tests run on (its own error shapes, single and bulk). */
describe('duplicate keys', () => {
  let db: Connection;
  const things = () => db.collection<{ _id: string; n: number }>('things');

  beforeAll(async () => {
    db = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('dupkey'));
  });
  afterAll(async () => {
    await db.dropDatabase();
    await db.close();
  });

  it('tells an insert that wrote from one whose key was there, and throws anything else', async () => {
    expect(await inserted(things().insertOne({ _id: 'a', n: 1 }))).toBe(true);
    expect(await inserted(things().insertOne({ _id: 'a', n: 2 }))).toBe(false);
    expect(await things().findOne({ _id: 'a' })).toMatchObject({ n: 1 });
    const other = new Error('database away');
    await expect(inserted(Promise.reject(other))).rejects.toBe(other);
    expect(isDuplicateKey(other)).toBe(false);
    expect(isDuplicateKey(null)).toBe(false);
  });

  it('inserts the new documents of a batch and names the ones that were there', async () => {
    await things().insertOne({ _id: 'b', n: 1 });
    const there = await insertNew(things(), [
      { _id: 'c', n: 1 },
      { _id: 'b', n: 2 },
      { _id: 'd', n: 1 },
      { _id: 'a', n: 3 },
    ]);
    expect([...there].sort()).toEqual(['a', 'b']);
    expect(
      (
        await things()
          .find({ _id: { $in: ['c', 'd'] } })
          .toArray()
      )
        .map((d) => d._id)
        .sort(),
    ).toEqual(['c', 'd']);
    expect(await things().findOne({ _id: 'b' })).toMatchObject({ n: 1 });
    expect(await insertNew(things(), [])).toEqual(new Set());
  });

  it('treats a bulk failure that is not only duplicates as a failure', () => {
    expect(isDuplicateKey({ code: 11000, writeErrors: [{ code: 11000 }, { code: 121 }] })).toBe(false);
    expect(isDuplicateKey({ writeErrors: [{ err: { code: 11000, index: 0 } }] })).toBe(true);
  });
});
