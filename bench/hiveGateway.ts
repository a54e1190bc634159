/**
 * The benchmark's peer: GraphQL Hive Gateway (pure JavaScript) serving the same supergraph SDL as our gateway.
 * Started as a child process by gatewayBench.ts: HIVE_SUPERGRAPH (file), HIVE_PORT. Stops when its parent goes.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { createGatewayRuntime } from '@graphql-hive/gateway';

const supergraph = readFileSync(process.env.HIVE_SUPERGRAPH ?? '', 'utf8');
const port = Number(process.env.HIVE_PORT);
const gateway = createGatewayRuntime({ supergraph, logging: 'error', landingPage: false, graphiql: false });
const server = createServer(gateway);
server.keepAliveTimeout = 65_000;
server.listen(port, '127.0.0.1');
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.send) process.on('disconnect', stop);
