import { ConfigError } from './configError';
import { parseNetworkFile } from './networkFile';

const base = () => ({
  gateway: { port: 4000 },
  nodes: [
    { code: 'laibin', name: '来宾市党建网', tier: 'city', port: 4100 },
    { code: 'xingbin', name: '兴宾区党建网', tier: 'county', parent: 'laibin', port: 4101 },
    { code: 'xingbin_fenghuang', name: '凤凰镇', tier: 'township', parent: 'xingbin', port: 4111 },
  ],
});

function problems(input: unknown): string {
  try {
    parseNetworkFile(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).message;
  }
  throw new Error('expected a ConfigError');
}

describe('network file', () => {
  it('accepts the shape of the demo network', () => {
    expect(parseNetworkFile(base()).nodes).toHaveLength(3);
  });

  it('refuses a duplicate code', () => {
    const net = base();
    net.nodes.push({ code: 'xingbin', name: '重复', tier: 'county', parent: 'laibin', port: 4102 });
    expect(problems(net)).toContain('节点代码重复：xingbin');
  });

  it('refuses a missing parent and a parent of the wrong tier', () => {
    const missing = base();
    missing.nodes[2]!.parent = 'nowhere';
    expect(problems(missing)).toContain('上级 nowhere 不存在');
    const wrongTier = base();
    wrongTier.nodes[2]!.parent = 'laibin';
    expect(problems(wrongTier)).toContain('的上级须为 county 级');
  });

  it('refuses an unknown tier and an invalid code, naming each field', () => {
    const net = base();
    net.nodes[1]!.tier = 'province';
    net.nodes[2]!.code = 'Feng-Huang';
    const text = problems(net);
    expect(text).toContain('nodes.1.tier：层级须为 city | county | township 之一');
    expect(text).toContain('nodes.2.code：节点代码须为小写拼音');
  });

  it('refuses duplicate ports and a second city', () => {
    const net = base();
    net.nodes.push({ code: 'hezhou', name: '另一个市', tier: 'city', port: 4100 });
    const text = problems(net);
    expect(text).toContain('端口 4100 与 laibin 重复');
    expect(text).toContain('有且只有一个市级（city）节点');
  });
});
