import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

/** The repository root: the nearest folder above this file whose package.json declares workspaces. */
export function projectRoot(): string {
  let dir = resolve(__dirname);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { workspaces?: unknown };
        if (pkg.workspaces) return dir;
      } catch {
        /* keep walking */
      }
    }
    const up = dirname(dir);
    if (up === dir) return process.cwd();
    dir = up;
  }
}

/** Git-ignored folder for tools the project builds for itself (the embedded FerretDB). */
export function defaultToolsDir(): string {
  return join(projectRoot(), '.tools');
}

/** Git-ignored folder for the demo network's data. */
export function defaultDataDir(): string {
  return join(projectRoot(), 'data');
}
