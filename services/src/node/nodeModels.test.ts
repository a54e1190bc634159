import type { Connection } from 'mongoose';
import { ensureIndexes, openNodeDatabase } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { nodeModels } from './nodeModels';

describe('node models on the real database', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('models'));
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('creates every index', async () => {
    const models = nodeModels(connection);
    await ensureIndexes(connection);
    const names = (await models.Article.listIndexes()).map((i) => i.name);
    expect(names).toEqual(expect.arrayContaining(['status_1_publishedAt_-1', 'createdBy_1_status_1']));
  });

  it('stores binary media and reads it back byte for byte', async () => {
    const { Media } = nodeModels(connection);
    const data = Buffer.from([0, 1, 2, 255, 254, 0x89, 0x50, 0x4e, 0x47]);
    await Media.create({
      _id: 'm1',
      filename: 'a.png',
      contentType: 'image/png',
      size: data.length,
      sha256: 'x',
      data,
      uploadedBy: 'u',
      createdAt: new Date(),
    });
    const back = await Media.findById('m1').lean();
    expect(Buffer.from(back!.data.buffer ?? back!.data).equals(data)).toBe(true);
  });
});
