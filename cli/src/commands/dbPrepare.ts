import { createLogger, defaultToolsDir, ensureFerretDbBinary, mongodbUriFromEnvironment, toolsDirFromEnvironment } from '@djnet/shared';

/** `djnet db prepare`: builds the embedded database now (otherwise it is built on first use). */
export async function runDbPrepare(): Promise<void> {
  if (mongodbUriFromEnvironment()) {
    process.stdout.write('已设置 MONGODB_URI，无需内嵌数据库。\n');
    return;
  }
  const log = createLogger({ component: 'db' }, 'info');
  const binary = await ensureFerretDbBinary(toolsDirFromEnvironment() ?? defaultToolsDir(), log);
  process.stdout.write(`内嵌数据库已就绪：${binary}\n`);
}
