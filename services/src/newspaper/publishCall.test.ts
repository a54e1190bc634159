import { eventFrom, openSyndicationTestNode, type SyndicationTestNode } from '../../../tests/support/syndicationNode';
import { codeOf } from '../../../tests/support/expectations';
import { outboxCollectionName } from '../syndication/syndicationModels';
import { newspaperCall } from './handlers/newspaperCall';
import { publishCall } from './publishCall';

describe('calls for manuscripts (征稿)', () => {
  let city: SyndicationTestNode;
  let county: SyndicationTestNode;
  let town: SyndicationTestNode;
  beforeAll(async () => {
    city = await openSyndicationTestNode({ code: 'laibin', tier: 'city' });
    county = await openSyndicationTestNode({ code: 'xingbin', tier: 'county', parent: 'laibin' });
    town = await openSyndicationTestNode({ code: 'xingbin_fenghuang', tier: 'township', parent: 'xingbin' });
  });
  afterAll(async () => {
    for (const n of [city, county, town]) await n?.close();
  });

  it('the desk publishes a call with its down event; a county keeps and passes it on, a township keeps it', async () => {
    const call = await publishCall(city.as('editor', '报社编辑'), {
      theme: '喜迎建党节',
      sections: ['党员故事', ' 党员故事 ', '支部风采'],
      deadline: '2099-06-30',
      minWords: 300,
      maxWords: 1500,
      issueDates: ['2099-07-01', '2099-06-24'],
      body: '<p>欢迎来稿</p>',
    });
    expect(call).toMatchObject({ sections: ['党员故事', '支部风采'], issueDates: ['2099-06-24', '2099-07-01'], issuedBy: '报社编辑' });
    await city.syndication.relay.idle();
    const [event] = await city.connection.collection(outboxCollectionName('down')).find({ kind: 'newspaperCall' }).toArray();
    const received = eventFrom('laibin', 'newspaperCall', { itemId: call._id, payload: event!.payload });
    expect(await newspaperCall.apply(county.syndication, { peer: 'laibin', stream: 'down' }, received)).toBe('applied');
    expect(await newspaperCall.apply(county.syndication, { peer: 'laibin', stream: 'down' }, received)).toBe('unchanged');
    await county.syndication.relay.idle();
    expect(await county.connection.collection(outboxCollectionName('down')).countDocuments({ kind: 'newspaperCall' })).toBe(1);
    expect(await newspaperCall.apply(town.syndication, { peer: 'xingbin', stream: 'down' }, received)).toBe('applied');
    await town.syndication.relay.idle();
    expect(town.syndication.relay.head('down')).toBe(0);
    expect((await town.node.models.NewspaperCall.findById(call._id).lean())!.theme).toBe('喜迎建党节');
  });

  it('refuses bad input, other roles and other tiers', async () => {
    const editor = city.as('editor');
    const ok = { theme: '主题', deadline: '2099-01-01' };
    expect(await codeOf(publishCall(editor, { ...ok, theme: ' ' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(publishCall(editor, { ...ok, deadline: '2099-1-1' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(publishCall(editor, { ...ok, minWords: 2000, maxWords: 1000 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(publishCall(editor, { ...ok, minWords: -1 }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(publishCall(editor, { ...ok, issueDates: ['2099-02-30'] }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(publishCall(editor, { ...ok, body: '<p onclick="x()">点</p>' }))).toBe('BAD_USER_INPUT');
    expect(await codeOf(publishCall(city.as('officer'), ok))).toBe('FORBIDDEN');
    expect(await codeOf(publishCall(county.as('admin'), ok))).toBe('FORBIDDEN');
  });
});
