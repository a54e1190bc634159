#!/usr/bin/env node
// Container health probe for the djnet image (Docker HEALTHCHECK, compose healthchecks).
// One image runs either role: the gateway when DJNET_GATEWAY_PORT is set, otherwise the node (DJNET_PORT).
// Usage: node healthcheck.js [path] [port]   (path defaults to /healthz). Exits 0 on HTTP 200, 1 otherwise.
/* eslint-disable no-restricted-properties -- a probe run by the container engine, not part of the application */
'use strict';
const http = require('node:http');

const path = process.argv[2] || '/healthz';
const port = Number(process.argv[3] || process.env.DJNET_GATEWAY_PORT || process.env.DJNET_PORT);
if (!Number.isInteger(port) || port <= 0) {
  process.stderr.write('healthcheck: no port (set DJNET_PORT or DJNET_GATEWAY_PORT, or pass it as the second argument)\n');
  process.exit(1);
}
const req = http.get({ host: '127.0.0.1', port, path, timeout: 4000 }, (res) => {
  res.resume();
  process.exit(res.statusCode === 200 ? 0 : 1);
});
req.on('timeout', () => req.destroy(new Error('timeout')));
req.on('error', (e) => {
  process.stderr.write(`healthcheck: ${e.message}\n`);
  process.exit(1);
});
