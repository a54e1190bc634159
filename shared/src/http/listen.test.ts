import express from 'express';
import { closeServer, listen } from './listen';

describe('listen', () => {
  it('keeps idle connections longer than the peers poll, and says so to clients', async () => {
    const app = express();
    app.get('/', (_req, res) => res.send('ok'));
    const { server, port } = await listen(app, '127.0.0.1', 0, '测试');
    try {
      const response = await fetch(`http://127.0.0.1:${port}/`);
      expect(await response.text()).toBe('ok');
      expect(response.headers.get('keep-alive')).toBe('timeout=65');
    } finally {
      await closeServer(server);
    }
  });

  it('a taken port is a configuration error naming it', async () => {
    const first = await listen(express(), '127.0.0.1', 0, '测试');
    try {
      await expect(listen(express(), '127.0.0.1', first.port, '网关')).rejects.toThrow(`端口 ${first.port} 已被占用`);
    } finally {
      await closeServer(first.server);
    }
  });
});
