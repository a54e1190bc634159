import { KeyedSerializer } from './keyedSerializer';

describe('KeyedSerializer', () => {
  it('runs work for one key one at a time, in order, and other keys in parallel', async () => {
    const s = new KeyedSerializer();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, ms));
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([s.run('a', job('a1', 20)), s.run('a', job('a2', 1)), s.run('b', job('b1', 1))]);
    expect(results).toEqual(['a1', 'a2', 'b1']);
    expect(log.indexOf('end a1')).toBeLessThan(log.indexOf('start a2'));
    expect(log.indexOf('start b1')).toBeLessThan(log.indexOf('end a1'));
  });

  it('a failure does not block the next piece of work', async () => {
    const s = new KeyedSerializer();
    await expect(s.run('k', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(s.run('k', async () => 'ok')).resolves.toBe('ok');
  });
});
