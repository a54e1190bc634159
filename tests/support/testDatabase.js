"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.testMongoUri = testMongoUri;
exports.uniqueDatabaseName = uniqueDatabaseName;
const node_crypto_1 = require("node:crypto");
/** The database server the run's globalSetup started (or MONGODB_URI). */
function testMongoUri() {
    const uri = process.env.MONGODB_URI;
    if (!uri)
        throw new Error('MONGODB_URI not set: tests must run through jest globalSetup');
    return uri;
}
/** A database name no other test uses. */
function uniqueDatabaseName(prefix) {
    return `t_${prefix}_${(0, node_crypto_1.randomBytes)(4).toString('hex')}`;
}
//# sourceMappingURL=testDatabase.js.map