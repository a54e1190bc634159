import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ConfigError } from '@djnet/shared';

/** One registered operation: what a partner in allow-list mode may run. */
export interface RegisteredOperation {
  /** SHA-256 of the body, hex: the id clients send as `extensions.persistedQuery.sha256Hash`. */
  id: string;
  name: string | null;
  body: string;
}

/**
 * The registered operations (trusted documents), read from a file at start-up: Apollo's persisted-query manifest
 * (`{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }`,
 * what `@apollo/generate-persisted-query-manifest` writes from a client's code). An operation is known by the
 * SHA-256 of its body (an `id` that differs is ignored with a warning), so a client may send the body, or only
 * its hash.
 */
export class OperationManifest {
  private readonly byId = new Map<string, RegisteredOperation>();

  constructor(operations: { id?: string; name?: string | null; body: string }[] = [], onMismatch?: (id: string) => void) {
    for (const op of operations) {
      const id = sha256(op.body);
      if (op.id && op.id !== id) onMismatch?.(op.id);
      this.byId.set(id, { id, name: op.name ?? null, body: op.body });
    }
  }

  static fromFile(path: string, onMismatch?: (id: string) => void): OperationManifest {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path, 'utf8'));
    } catch (e) {
      throw new ConfigError(path, [`无法读取登记操作清单：${(e as Error).message}`]);
    }
    const ops = (parsed as { operations?: unknown }).operations;
    const valid = Array.isArray(ops) && ops.every((op) => typeof (op as { body?: unknown }).body === 'string');
    if ((parsed as { format?: unknown }).format !== 'apollo-persisted-query-manifest' || !valid) {
      throw new ConfigError(path, [
        '登记操作清单须为 Apollo persisted-query manifest：{ "format": "apollo-persisted-query-manifest", "version": 1, "operations": [{ "id", "name", "type", "body" }] }',
      ]);
    }
    return new OperationManifest(ops as RegisteredOperation[], onMismatch);
  }

  /** The manifest at `path`, or an empty one when no path is given and the default file does not exist. */
  static load(path: string | undefined, defaultPath: string, onMismatch?: (id: string) => void): OperationManifest {
    if (path) return OperationManifest.fromFile(path, onMismatch);
    return existsSync(defaultPath) ? OperationManifest.fromFile(defaultPath, onMismatch) : new OperationManifest();
  }

  get size(): number {
    return this.byId.size;
  }

  get(id: string): RegisteredOperation | undefined {
    return this.byId.get(id);
  }

  /** Whether a request names a registered operation: by its query text, or (no text) by its persisted-query hash. */
  allows(query: string | undefined, persistedHash: string | undefined): boolean {
    if (typeof query === 'string' && query.length) return this.byId.has(sha256(query));
    return typeof persistedHash === 'string' && this.byId.has(persistedHash);
  }
}

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
