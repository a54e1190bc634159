import { randomBytes } from 'node:crypto';

/** The database server the run's globalSetup started (or MONGODB_URI). */
export function testMongoUri(): string {
  const uri = process.env.MONGODB_URI;
  if (!uri) throw new Error('MONGODB_URI not set: tests must run through jest globalSetup');
  return uri;
}

/** A database name no other test uses. */
export function uniqueDatabaseName(prefix: string): string {
  return `t_${prefix}_${randomBytes(4).toString('hex')}`;
}
