import { GraphQLError } from 'graphql';
import { startInProcessNetwork, type InProcessNetwork } from '../../../tests/support/inProcessNetwork';
import { createAccountDirect } from '../../../tests/support/accounts';
import { authenticateRequest } from './authenticateRequest';
import { issueAuthToken } from './authToken';
import { refusal } from '../../../tests/support/expectations';

describe('authenticateRequest', () => {
  let net: InProcessNetwork;

  beforeAll(async () => {
    net = await startInProcessNetwork([{ code: 'laibin', name: '来宾市党建网', tier: 'city' }]);
  });
  afterAll(async () => net?.stop());

  it('no header is the public (null); a malformed header is a 401', async () => {
    const node = net.node('laibin').context;
    expect(await authenticateRequest(node, undefined)).toBeNull();
    expect(await authenticateRequest(node, '')).toBeNull();
    for (const header of ['Bearer', 'Token abc', 'Bearer a b']) {
      const e = await refusal(authenticateRequest(node, header), GraphQLError);
      expect(e.extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    }
  });

  it('at the home node, the account as it is now applies; a deleted account is refused', async () => {
    const node = net.node('laibin').context;
    const account = await createAccountDirect(net.node('laibin'), { username: 'lb_editor', name: '编辑', role: 'editor', reviewLevel: 1 });
    const { token } = issueAuthToken(node, account);
    await node.models.Account.updateOne({ _id: account._id }, { $set: { role: 'officer', name: '改任信息员' } });
    expect(await authenticateRequest(node, `Bearer ${token}`)).toMatchObject({ role: 'officer', name: '改任信息员', node: 'laibin' });
    await node.models.Account.deleteOne({ _id: account._id });
    const e = await refusal(authenticateRequest(node, `bearer ${token}`), GraphQLError);
    expect(e.extensions.code).toBe('UNAUTHENTICATED');
    expect(e.message).toBe('账号不存在或已删除');
  });
});
