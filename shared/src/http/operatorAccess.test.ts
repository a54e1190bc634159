import { networkInterfaces } from 'node:os';
import express from 'express';
import { closeServer, listen } from './listen';
import { operatorAccess } from './operatorAccess';

/** A non-loopback address of this machine, to reach a server as another host would (null when it has none). */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((i) => i && !i.internal && i.family === 'IPv4')?.address;

describe('operatorAccess', () => {
  const started: Parameters<typeof closeServer>[0][] = [];
  afterAll(async () => {
    for (const server of started) await closeServer(server);
  });

  async function serve(token: string | undefined): Promise<number> {
    const app = express();
    app.get('/metrics', operatorAccess(token), (_req, res) => void res.type('text/plain').send('metrics'));
    const { server, port } = await listen(app, '0.0.0.0', 0, 'test');
    started.push(server);
    return port;
  }

  it('without a token answers only the host itself, whatever X-Forwarded-For claims', async () => {
    const port = await serve(undefined);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(200);
    if (!outsideAddress) return; // no other interface to come from on this machine
    const outside = await fetch(`http://${outsideAddress}:${port}/metrics`, { headers: { 'x-forwarded-for': '127.0.0.1' } });
    expect(outside.status).toBe(401);
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe('UNAUTHENTICATED');
  });

  it('with a token asks every caller for it', async () => {
    const port = await serve('a-token-of-sixteen-chars');
    expect((await fetch(`http://127.0.0.1:${port}/metrics`)).status).toBe(401);
    expect((await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const ok = await fetch(`http://127.0.0.1:${port}/metrics`, { headers: { authorization: 'Bearer a-token-of-sixteen-chars' } });
    expect(ok.status).toBe(200);
  });
});
