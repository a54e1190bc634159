import type { Connection } from 'mongoose';
import { DomainError, openNodeDatabase, ensureIndexes } from '@djnet/shared';
import { testMongoUri, uniqueDatabaseName } from '../../../tests/support/testDatabase';
import { directoryModels, type DirectoryModels } from './directoryModels';
import { issueRegistrationGrant, revokeRegistrationGrant } from './issueRegistrationGrant';
import { leaveNetwork, registerNode } from './registerNode';

const sdl = 'type Query { x: Int }';
const registration = (over: Record<string, unknown> = {}) => ({
  code: 'xingbin',
  name: '兴宾区党建网',
  tier: 'county',
  parent: 'laibin',
  url: 'http://127.0.0.1:4101',
  schemaLevel: 1,
  sdlByLevel: { '1': sdl },
  ...over,
});

async function codeOf(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).code;
  }
  throw new Error('expected a DomainError');
}

describe('registration with the city directory', () => {
  let connection: Connection;
  let models: DirectoryModels;
  let token: string;

  beforeAll(async () => {
    connection = await openNodeDatabase(testMongoUri(), uniqueDatabaseName('directory'));
    models = directoryModels(connection);
    await ensureIndexes(connection);
    token = await issueRegistrationGrant(models, 'laibin', { code: 'xingbin', tier: 'county', parent: 'laibin' });
  });
  afterAll(async () => {
    await connection.dropDatabase();
    await connection.close();
  });

  it('registers a node holding its token, and a repeated heartbeat is not a change', async () => {
    const first = await registerNode(models, token, registration());
    expect(first.changed).toBe(true);
    expect(first.entry).toMatchObject({ code: 'xingbin', status: 'active', schemaLevel: 1 });
    const again = await registerNode(models, token, registration());
    expect(again.changed).toBe(false);
    const moved = await registerNode(models, token, registration({ url: 'http://127.0.0.1:5101' }));
    expect(moved.changed).toBe(true);
  });

  it('refuses a missing, wrong or revoked token and an unknown code', async () => {
    expect(await codeOf(registerNode(models, undefined, registration()))).toBe('UNAUTHENTICATED');
    expect(await codeOf(registerNode(models, 'djreg_wrongwrongwrongwrong', registration()))).toBe('UNAUTHENTICATED');
    expect(await codeOf(registerNode(models, token, registration({ code: 'heshan' })))).toBe('UNAUTHENTICATED');
    const other = await issueRegistrationGrant(models, 'laibin', { code: 'wuxuan', tier: 'county', parent: 'laibin' });
    await revokeRegistrationGrant(models, 'wuxuan');
    expect(await codeOf(registerNode(models, other, registration({ code: 'wuxuan' })))).toBe('UNAUTHENTICATED');
    expect(await models.DirectoryEntry.exists({ code: { $in: ['heshan', 'wuxuan'] } })).toBeNull();
  });

  it('refuses a node claiming another place in the tree than it was granted', async () => {
    expect(await codeOf(registerNode(models, token, registration({ tier: 'township', parent: 'heshan' })))).toBe('FORBIDDEN');
  });

  it('refuses malformed registrations with BAD_USER_INPUT and stores nothing', async () => {
    const before = await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean();
    expect(await codeOf(registerNode(models, token, registration({ sdlByLevel: { '1': 'type {' } })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(registerNode(models, token, registration({ url: 'not a url' })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(registerNode(models, token, registration({ schemaLevel: 2 })))).toBe('BAD_USER_INPUT');
    expect(await codeOf(registerNode(models, token, 'garbage'))).toBe('BAD_USER_INPUT');
    expect(await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean()).toEqual(before);
  });

  it('grants only under an existing parent of the right tier', async () => {
    expect(await codeOf(issueRegistrationGrant(models, 'laibin', { code: 'a_town', tier: 'township', parent: 'nowhere' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(issueRegistrationGrant(models, 'laibin', { code: 'b_county', tier: 'county', parent: 'xingbin' }))).toBe(
      'BAD_USER_INPUT',
    );
    expect(await codeOf(issueRegistrationGrant(models, 'laibin', { code: 'Bad-Code', tier: 'county', parent: 'laibin' }))).toBe(
      'BAD_USER_INPUT',
    );
    await expect(
      issueRegistrationGrant(models, 'laibin', { code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' }),
    ).resolves.toMatch(/^djreg_/);
  });

  it('a node leaves with its token and is marked left', async () => {
    expect(await codeOf(leaveNetwork(models, 'djreg_nopenopenopenope', 'xingbin'))).toBe('UNAUTHENTICATED');
    expect(await leaveNetwork(models, token, 'xingbin')).toBe(true);
    expect((await models.DirectoryEntry.findOne({ code: 'xingbin' }).lean())?.status).toBe('left');
  });
});
