/** The database server the run's globalSetup started (or MONGODB_URI). */
export declare function testMongoUri(): string;
/** A database name no other test uses. */
export declare function uniqueDatabaseName(prefix: string): string;
//# sourceMappingURL=testDatabase.d.ts.map