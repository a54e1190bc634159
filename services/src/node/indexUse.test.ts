import { Types, type Connection, type Model } from 'mongoose';
import { ensureIndexes, openNodeDatabase, planUsesIndex, readPlan } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { directoryModels } from '../directory/directoryModels';
import { partnerKeyModel } from '../partners/partnerKeyModel';
import { syndicationModels } from '../syndication/syndicationModels';
import { nodeModels } from './nodeModels';

/** A value of the path's type that FerretDB (as patched) pushes down: strings, ObjectIds, booleans. */
function sample(model: Model<unknown>, path: string): unknown {
  switch (model.schema.path(path)?.instance) {
    case 'String':
      return 'x';
    case 'ObjectId':
      return new Types.ObjectId();
    case 'Boolean':
      return true;
    default:
      return undefined;
  }
}

/**
 * Every collection of a node (a city: all models, the directory's and the partner keys' too) answers a lookup by
 * `_id` and by the leading field of each of its indexes through an index, on the database the tests run on.
 * A model added later is checked as soon as it is registered here.
 */
describe('every node collection uses its indexes', () => {
  let connection: Connection;
  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('indexes'));
    nodeModels(connection);
    syndicationModels(connection);
    directoryModels(connection);
    partnerKeyModel(connection);
    await ensureIndexes(connection);
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('by _id and by each index’s leading field', async () => {
    const models = Object.values(connection.models) as Model<unknown>[];
    expect(models.length).toBeGreaterThan(20);
    const misses: string[] = [];
    let checked = 0;
    for (const model of models) {
      const explain = async (filter: Record<string, unknown>) =>
        readPlan((await model.collection.find(filter).explain()) as Record<string, unknown>);
      const id = sample(model, '_id') ?? 'x';
      const byId = await explain({ _id: id });
      if (!planUsesIndex(byId, '_id_')) misses.push(`${model.collection.collectionName} _id: ${byId.text}`);
      checked++;
      for (const index of await model.collection.indexes()) {
        const [field] = Object.keys(index.key);
        if (!field || field === '_id' || field.includes('.')) continue;
        const value = sample(model, field);
        if (value === undefined) continue;
        const reading = await explain({ [field]: value });
        if (!planUsesIndex(reading, index.name!) && reading.scans)
          misses.push(`${model.collection.collectionName} ${field}: ${reading.text}`);
        checked++;
      }
    }
    expect(misses).toEqual([]);
    expect(checked).toBeGreaterThan(models.length);
  });
});
