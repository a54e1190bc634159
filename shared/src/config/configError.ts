import type { z } from 'zod';

/** A configuration that cannot be used. The message lists every wrong field, one per line. */
export class ConfigError extends Error {
  constructor(
    readonly source: string,
    readonly problems: string[],
  ) {
    super(`配置错误（${source}）：\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }

  static fromZod(source: string, error: z.ZodError): ConfigError {
    return new ConfigError(
      source,
      error.issues.map((issue) => {
        const path = issue.path.length ? issue.path.join('.') : '(根)';
        return `${path}：${issue.message}`;
      }),
    );
  }
}
