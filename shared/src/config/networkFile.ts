import { z } from 'zod';
import { ConfigError } from './configError';
import { nodeCodeSchema } from './nodeConfig';
import { PARENT_TIER, TIERS } from './nodeCode';

const portSchema = z.coerce
  .number({ error: '端口须为数字' })
  .int('端口须为整数')
  .min(1, '端口须在 1–65535 之间')
  .max(65535, '端口须在 1–65535 之间');

const networkNodeSchema = z.object({
  code: nodeCodeSchema,
  name: z.string({ error: '缺少站点名称' }).trim().min(1, '站点名称不能为空'),
  tier: z.enum(TIERS, { error: `层级须为 ${TIERS.join(' | ')} 之一` }),
  parent: nodeCodeSchema.nullable().optional(),
  port: portSchema,
});

/**
 * A whole network described in one file (deploy/demo-network.json): the gateway and every node.
 * Used by `npm start` and the benchmarks; production nodes are configured one by one.
 */
export const networkFileSchema = z
  .object({
    name: z.string().default('党建网群'),
    host: z.string().default('127.0.0.1'),
    gateway: z.object({ port: portSchema }),
    nodes: z.array(networkNodeSchema).min(1, '至少需要一个节点'),
  })
  .superRefine((net, ctx) => {
    const byCode = new Map<string, z.infer<typeof networkNodeSchema>>();
    const ports = new Map<number, string>([[net.gateway.port, 'gateway']]);
    net.nodes.forEach((node, i) => {
      if (byCode.has(node.code)) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'code'], message: `节点代码重复：${node.code}` });
      byCode.set(node.code, node);
      const other = ports.get(node.port);
      if (other) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'port'], message: `端口 ${node.port} 与 ${other} 重复` });
      ports.set(node.port, node.code);
    });
    const cities = net.nodes.filter((n) => n.tier === 'city');
    if (cities.length !== 1)
      ctx.addIssue({ code: 'custom', path: ['nodes'], message: `网群须有且只有一个市级（city）节点，现有 ${cities.length} 个` });
    net.nodes.forEach((node, i) => {
      const wanted = PARENT_TIER[node.tier];
      if (wanted === null) {
        if (node.parent) ctx.addIssue({ code: 'custom', path: ['nodes', i, 'parent'], message: '市级节点不能有上级' });
        return;
      }
      if (!node.parent) {
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'parent'], message: `节点 ${node.code} 缺少上级节点` });
        return;
      }
      const parent = byCode.get(node.parent);
      if (!parent)
        ctx.addIssue({ code: 'custom', path: ['nodes', i, 'parent'], message: `节点 ${node.code} 的上级 ${node.parent} 不存在` });
      else if (parent.tier !== wanted)
        ctx.addIssue({
          code: 'custom',
          path: ['nodes', i, 'parent'],
          message: `节点 ${node.code}（${node.tier}）的上级须为 ${wanted} 级，而 ${parent.code} 是 ${parent.tier} 级`,
        });
    });
  });

export type NetworkFile = z.output<typeof networkFileSchema>;
export type NetworkNode = NetworkFile['nodes'][number];

export function parseNetworkFile(input: unknown, source = '网群配置'): NetworkFile {
  const result = networkFileSchema.safeParse(input);
  if (!result.success) throw ConfigError.fromZod(source, result.error);
  return result.data;
}
