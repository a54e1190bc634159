import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Logger } from '../logging/logger';

const run = promisify(execFile);

export const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB';
export const FERRETDB_VERSION = 'v1.24.2';

export class EmbeddedDatabaseUnavailable extends Error {
  constructor(reason: string) {
    super(
      `无法启动内嵌数据库（${reason}）。请设置 MONGODB_URI 指向一个 MongoDB，或安装 Go 工具链（用于构建内嵌 FerretDB ${FERRETDB_VERSION}）后重试。`,
    );
    this.name = 'EmbeddedDatabaseUnavailable';
  }
}

/**
 * The project's patches to FerretDB's source, applied in this order before building (`shared/ferretdb/`, reviewed
 * like code; docs/ARCHITECTURE.md's Database section says what each does and why).
 */
export const FERRETDB_PATCHES = ['sqlite-indexes.patch'] as const;

/** `patched`: what the project runs. `stock`: the module as published, for the database benchmark's baseline. */
export type FerretDbBuild = 'patched' | 'stock';

function patchesDir(): string {
  // shared/src/database or shared/dist/database → shared/ferretdb
  return resolve(__dirname, '..', '..', 'ferretdb');
}

/** The patched build's folder carries a hash of the patches, so a changed patch builds a new binary. */
function buildName(build: FerretDbBuild): string {
  if (build === 'stock') return `ferretdb-${FERRETDB_VERSION}`;
  const hash = createHash('sha256');
  for (const name of FERRETDB_PATCHES) hash.update(name).update(readFileSync(join(patchesDir(), name)));
  return `ferretdb-${FERRETDB_VERSION}-djnet-${hash.digest('hex').slice(0, 10)}`;
}

export function ferretDbBinaryPath(toolsDir: string, build: FerretDbBuild = 'patched'): string {
  return join(toolsDir, buildName(build), 'ferretdb');
}

export async function goToolchainAvailable(): Promise<boolean> {
  try {
    await run('go', ['version'], { timeout: 20_000 });
    return true;
  } catch {
    return false;
  }
}

function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry);
    if (statSync(p).isDirectory()) makeWritable(p);
    else chmodSync(p, 0o644);
  }
}

/** Waits for a directory lock (mkdir is atomic); a lock older than maxAgeMs is taken as abandoned. */
async function withLock<T>(lockDir: string, fn: () => Promise<T>, maxAgeMs = 20 * 60_000): Promise<T> {
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      try {
        if (Date.now() - statSync(lockDir).mtimeMs > maxAgeMs) rmSync(lockDir, { recursive: true, force: true });
      } catch {
        /* raced with its owner */
      }
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}

/**
 * Builds FerretDB once into the project's tools folder and returns the binary's path.
 *
 * `go install github.com/FerretDB/FerretDB/cmd/ferretdb@v1.24.2` builds a binary that panics at start
 * ("Invalid build/version/version.txt file content"): the module as published lacks the generated
 * version file. So the module source is fetched with `go mod download`, copied, given its version file
 * (as FerretDB's own message asks), given the project's patches (FERRETDB_PATCHES; none for the `stock` build),
 * and built with `go build`. Concurrent callers (parallel test workers) wait on a lock and reuse the result.
 */
export async function ensureFerretDbBinary(toolsDir: string, log?: Logger, build: FerretDbBuild = 'patched'): Promise<string> {
  const binary = ferretDbBinaryPath(toolsDir, build);
  if (existsSync(binary)) return binary;
  mkdirSync(toolsDir, { recursive: true });
  return withLock(join(toolsDir, 'ferretdb.build.lock'), async () => {
    if (existsSync(binary)) return binary;
    if (!(await goToolchainAvailable())) throw new EmbeddedDatabaseUnavailable('未找到 Go 工具链');
    log?.info({ version: FERRETDB_VERSION, toolsDir }, '首次使用：正在构建内嵌数据库 FerretDB（只需一次，约一到数分钟）');
    const started = Date.now();
    const workDir = mkdtempSync(join(toolsDir, 'ferretdb-build-'));
    try {
      const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
        timeout: 15 * 60_000,
        maxBuffer: 16 * 1024 * 1024,
      });
      const moduleDir = (JSON.parse(stdout) as { Dir?: string }).Dir;
      if (!moduleDir) throw new EmbeddedDatabaseUnavailable('go mod download 未返回模块目录');
      const src = join(workDir, 'src');
      cpSync(moduleDir, src, { recursive: true });
      makeWritable(src);
      writeFileSync(join(src, 'build', 'version', 'version.txt'), `${FERRETDB_VERSION}\n`);
      if (build === 'patched') {
        for (const name of FERRETDB_PATCHES) {
          // git apply works as a plain patch tool outside a repository; the ceiling keeps it from finding the
          // project's own repository above the tools folder.
          await run('git', ['apply', '--whitespace=nowarn', join(patchesDir(), name)], {
            cwd: src,
            timeout: 60_000,
            env: { ...process.env, GIT_CEILING_DIRECTORIES: workDir },
          });
        }
      }
      const out = join(workDir, 'ferretdb');
      await run('go', ['build', '-trimpath', '-o', out, './cmd/ferretdb'], {
        cwd: src,
        timeout: 30 * 60_000,
        maxBuffer: 16 * 1024 * 1024,
        env: { ...process.env, CGO_ENABLED: '0', GOFLAGS: '-mod=mod' },
      });
      mkdirSync(join(toolsDir, buildName(build)), { recursive: true });
      renameSync(out, binary);
      log?.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'FerretDB 构建完成');
      return binary;
    } catch (e) {
      if (e instanceof EmbeddedDatabaseUnavailable) throw e;
      const err = e as Error & { stderr?: string };
      throw new EmbeddedDatabaseUnavailable(`构建 FerretDB 失败：${(err.stderr || err.message).trim().split('\n').slice(-3).join(' ')}`);
    } finally {
      rmSync(workDir, { recursive: true, force: true });
    }
  });
}
