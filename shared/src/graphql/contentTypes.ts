import { CURRENT_SCHEMA_LEVEL, MIN_SUPPORTED_SCHEMA_LEVEL } from './schemaLevels';

/**
 * The content types every node serves, defined once here so every subgraph is identical by construction.
 * Each field carries the schema level it appeared at; see schemaLevels.ts.
 */
interface SharedField {
  name: string;
  type: string;
  description: string;
  since: number;
}

interface SharedObjectType {
  kind: 'object';
  name: string;
  description: string;
  fields: SharedField[];
}

interface SharedEnumType {
  kind: 'enum';
  name: string;
  description: string;
  values: { name: string; description: string; since: number }[];
}

type SharedType = SharedObjectType | SharedEnumType;

export const SHARED_TYPES: SharedType[] = [
  {
    kind: 'enum',
    name: 'Tier',
    description: '站点层级：CITY 龙头（市级门户），COUNTY 骨干（县级），TOWNSHIP 节点（乡镇服务站）',
    values: [
      { name: 'CITY', description: '龙头：市级门户', since: 1 },
      { name: 'COUNTY', description: '骨干：县级站点', since: 1 },
      { name: 'TOWNSHIP', description: '节点：乡镇信息服务站', since: 1 },
    ],
  },
  {
    kind: 'object',
    name: 'Site',
    description: '一个站点（节点）自己的信息，由该节点回答',
    fields: [
      { name: 'code', type: 'String!', description: '节点代码（小写拼音），如 xingbin', since: 1 },
      { name: 'name', type: 'String!', description: '站点名称，如 兴宾区党建网', since: 1 },
      { name: 'tier', type: 'Tier!', description: '层级', since: 1 },
      { name: 'parent', type: 'String', description: '上级节点代码；市级节点为 null', since: 1 },
      { name: 'children', type: '[String!]!', description: '下级节点代码', since: 1 },
      { name: 'url', type: 'String!', description: '站点对外地址', since: 1 },
      { name: 'schemaLevel', type: 'Int!', description: '该节点支持的最高模式级别', since: 1 },
    ],
  },
];

const escape = (s: string) => s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');

/** SDL of the shared types at a schema level; every type is @shareable so all subgraphs may define it. */
export function sharedTypeDefs(level: number = CURRENT_SCHEMA_LEVEL): string {
  if (level < MIN_SUPPORTED_SCHEMA_LEVEL || level > CURRENT_SCHEMA_LEVEL) {
    throw new RangeError(`schema level ${level} outside ${MIN_SUPPORTED_SCHEMA_LEVEL}..${CURRENT_SCHEMA_LEVEL}`);
  }
  return SHARED_TYPES.map((t) => {
    if (t.kind === 'enum') {
      const values = t.values.filter((v) => v.since <= level).map((v) => `  "${escape(v.description)}"\n  ${v.name}`);
      return `"${escape(t.description)}"\nenum ${t.name} {\n${values.join('\n')}\n}`;
    }
    const fields = t.fields.filter((f) => f.since <= level).map((f) => `  "${escape(f.description)}"\n  ${f.name}: ${f.type}`);
    return `"${escape(t.description)}"\ntype ${t.name} @shareable {\n${fields.join('\n')}\n}`;
  }).join('\n\n');
}

/** The levels a node running this code can serve, lowest first. */
export function servableSchemaLevels(): number[] {
  const levels: number[] = [];
  for (let l = MIN_SUPPORTED_SCHEMA_LEVEL; l <= CURRENT_SCHEMA_LEVEL; l++) levels.push(l);
  return levels;
}
