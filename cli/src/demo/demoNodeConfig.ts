import { createConnection } from 'node:net';
import { ConfigError, nodeConfigFromEnvironment, type NodeConfig } from '@djnet/shared';
import { readDemoState } from './demoState';

function answers(uri: string): Promise<boolean> {
  const { hostname, port } = new URL(uri);
  return new Promise((resolve) => {
    const socket = createConnection({ host: hostname, port: Number(port || 27017) });
    socket.setTimeout(2_000);
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => (socket.destroy(), resolve(false)));
  });
}

/**
 * The config of one node of the running demo network, from what the launcher saved under its data folder
 * (`demo-state.json`): the same variables the node's process runs with, its database server included.
 */
export async function demoNodeConfig(code: string, dataDir: string): Promise<NodeConfig> {
  const state = readDemoState(dataDir);
  if (!state) throw new ConfigError('演示网群', [`${dataDir} 中没有演示网群的运行信息：请先在项目目录运行 npm start`]);
  const node = state.nodes[code];
  if (!node) throw new ConfigError('演示网群', [`演示网群中没有节点 ${code}（有：${Object.keys(state.nodes).join('、')}）`]);
  if (!(await answers(state.databaseUri)))
    throw new ConfigError('演示网群', ['演示网群的数据库没有在运行：请先运行 npm start，再在另一个终端执行本命令']);
  return nodeConfigFromEnvironment(node.env);
}
