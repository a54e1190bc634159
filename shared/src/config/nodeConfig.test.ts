import { ConfigError } from './configError';
import { parseNodeConfig } from './nodeConfig';
import { nodeConfigFromEnvironment } from './environment';

const county = {
  code: 'xingbin',
  name: '兴宾区党建网',
  tier: 'county',
  parent: 'laibin',
  port: 4101,
  cityUrl: 'http://127.0.0.1:4100',
  registrationToken: 'djreg_0123456789abcdef',
};

function problems(input: unknown): string[] {
  try {
    parseNodeConfig(input);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('node config', () => {
  it('accepts a county and fills in defaults', () => {
    const c = parseNodeConfig(county);
    expect(c).toMatchObject({
      databaseName: 'djnet_xingbin',
      publicBaseUrl: 'http://127.0.0.1:4101',
      host: '127.0.0.1',
      heartbeatSeconds: 30,
    });
  });

  it('names an unknown tier', () => {
    expect(problems({ ...county, tier: 'province' })).toEqual([expect.stringMatching(/^tier：层级须为 city \| county \| township 之一/)]);
  });

  it('names an invalid code (upper case, hyphen, Chinese, leading digit)', () => {
    for (const code of ['Xingbin', 'xing-bin', '兴宾', '1xingbin', 'x', 'xingbin_']) {
      expect(problems({ ...county, code })[0]).toMatch(/^code：节点代码须为小写拼音/);
    }
  });

  it('requires a parent below the city and refuses one on the city', () => {
    expect(problems({ ...county, parent: null })).toEqual([expect.stringContaining('parent：县级节点必须指定上级节点代码')]);
    expect(problems({ code: 'laibin', name: '来宾', tier: 'city', parent: 'x_y', port: 1 })).toEqual([
      expect.stringContaining('市级（龙头）节点不能有上级'),
    ]);
  });

  it('refuses a bad port, a bad URL and lists every wrong field at once', () => {
    const list = problems({ ...county, port: 70000, cityUrl: 'ftp://x', registrationToken: undefined });
    expect(list).toHaveLength(3);
    expect(list.join('\n')).toMatch(/port：端口须在 0–65535 之间[\s\S]*cityUrl：须为 http\(s\) 地址[\s\S]*registrationToken/);
  });

  it('reads the environment and a JSON file, variables overriding the file', () => {
    const c = nodeConfigFromEnvironment({
      DJNET_CODE: 'laibin',
      DJNET_NAME: '来宾市党建网',
      DJNET_TIER: 'city',
      DJNET_PORT: '4100',
      DJNET_GATEWAY_NOTIFY_URLS: 'http://127.0.0.1:4000, http://127.0.0.1:4001',
    });
    expect(c).toMatchObject({
      code: 'laibin',
      tier: 'city',
      port: 4100,
      parent: null,
      gatewayNotifyUrls: ['http://127.0.0.1:4000', 'http://127.0.0.1:4001'],
    });
    expect(() => nodeConfigFromEnvironment({ DJNET_CONFIG: '/nonexistent/node.json' })).toThrow(/无法读取配置文件/);
  });
});
