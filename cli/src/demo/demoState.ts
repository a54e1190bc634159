import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DemoAccount } from './seedDemo';

/**
 * What the demo launcher keeps under its data folder (git-ignored):
 * - `demo-state.json`: the running network — the database server's URI, the gateway, every node's URL and the
 *   variables its process runs with — so `djnet admin create --node <code>` works without a config file;
 * - `demo-accounts.json` / `demo-accounts.txt`: the accounts the seed made with their initial passwords;
 * - `demo-seed.json`: `started` before a seed's network starts, `done` when the seed has finished (then never again).
 */
export interface DemoState {
  startedAt: string;
  databaseUri: string;
  gatewayUrl: string;
  nodes: Record<string, { url: string; env: Record<string, string> }>;
}

const STATE = 'demo-state.json';
const ACCOUNTS_JSON = 'demo-accounts.json';
export const ACCOUNTS_TXT = 'demo-accounts.txt';
const SEEDED = 'demo-seed.json';

/** Everything the launcher writes in its data folder; `--fresh` removes exactly these. */
const DEMO_ENTRIES = ['ferretdb', 'nodes', 'logs', STATE, ACCOUNTS_JSON, ACCOUNTS_TXT, SEEDED];

const writePrivate = (file: string, text: string) => writeFileSync(file, text, { mode: 0o600 });

export function writeDemoState(dataDir: string, state: DemoState): void {
  mkdirSync(dataDir, { recursive: true });
  writePrivate(join(dataDir, STATE), `${JSON.stringify(state, null, 2)}\n`);
}

export function readDemoState(dataDir: string): DemoState | null {
  const file = join(dataDir, STATE);
  if (!existsSync(file)) return null;
  return JSON.parse(readFileSync(file, 'utf8')) as DemoState;
}

export function writeDemoAccounts(dataDir: string, accounts: readonly DemoAccount[], table: string): void {
  writePrivate(join(dataDir, ACCOUNTS_JSON), `${JSON.stringify(accounts, null, 2)}\n`);
  writePrivate(join(dataDir, ACCOUNTS_TXT), `演示账号（初始密码；在后台改过密码后以新密码为准）\n\n${table}\n`);
}

export function readDemoAccounts(dataDir: string): DemoAccount[] | null {
  const file = join(dataDir, ACCOUNTS_JSON);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DemoAccount[]) : null;
}

export function markSeed(dataDir: string, status: 'started' | 'done', summary: Record<string, unknown> = {}): void {
  mkdirSync(dataDir, { recursive: true });
  writePrivate(join(dataDir, SEEDED), `${JSON.stringify({ status, at: new Date().toISOString(), ...summary }, null, 2)}\n`);
}

/**
 * Where the data folder stands: `seeded` (a finished seed), `empty` (nothing yet: seed on this start),
 * `interrupted` (a seed began and did not finish: start over), or `foreign` (data without the demo's seed
 * records, e.g. from an older release: keep it, do not seed).
 */
export function seedState(dataDir: string): 'seeded' | 'empty' | 'interrupted' | 'foreign' {
  const marker = join(dataDir, SEEDED);
  if (existsSync(marker)) {
    const { status } = JSON.parse(readFileSync(marker, 'utf8')) as { status?: string };
    return status === 'done' ? 'seeded' : 'interrupted';
  }
  return existsSync(join(dataDir, 'ferretdb')) || existsSync(join(dataDir, 'nodes')) ? 'foreign' : 'empty';
}

/** Removes what the demo wrote in its data folder (and nothing else that may be there). */
export function clearDemoData(dataDir: string): void {
  for (const entry of DEMO_ENTRIES) rmSync(join(dataDir, entry), { recursive: true, force: true });
}
