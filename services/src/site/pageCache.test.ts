import { gunzipSync } from 'node:zlib';
import { PageCache } from './pageCache';

describe('PageCache', () => {
  it('renders once per change of the model; the ETag follows the model', () => {
    const cache = new PageCache(10);
    let renders = 0;
    const render = (text: string) => () => (renders++, `<p>${text}</p>`);
    const a = cache.page('home', { items: [1, 2] }, render('a'));
    const again = cache.page('home', { items: [1, 2] }, render('a'));
    expect(again).toBe(a);
    expect(renders).toBe(1);
    const changed = cache.page('home', { items: [1, 2, 3] }, render('b'));
    expect(changed).not.toBe(a);
    expect(changed.etag).not.toBe(a.etag);
    expect(renders).toBe(2);
    expect(gunzipSync(changed.gzip()).toString()).toBe('<p>b</p>');
    expect(changed.gzip()).toBe(changed.gzip());
    // The same model under another key is another page.
    expect(cache.page('other', { items: [1, 2, 3] }, render('b')).etag).not.toBe(changed.etag);
  });

  it('keeps at most its size (least recently used dropped), nothing when disabled or told not to', () => {
    const cache = new PageCache(2);
    cache.page('a', 1, () => 'a');
    cache.page('b', 1, () => 'b');
    cache.page('a', 1, () => 'a');
    cache.page('c', 1, () => 'c');
    expect(cache.size).toBe(2);
    let renders = 0;
    cache.page('a', 1, () => (renders++, 'a'));
    expect(renders).toBe(0); // a was used recently: b went
    cache.page('b', 1, () => (renders++, 'b'));
    expect(renders).toBe(1);
    cache.page('search:x', 1, () => 'x', false);
    expect(cache.size).toBe(2);

    const off = new PageCache(10, false);
    let n = 0;
    off.page('a', 1, () => (n++, 'a'));
    const second = off.page('a', 1, () => (n++, 'a'));
    expect(n).toBe(2);
    expect(second.etag).toMatch(/^"[\w-]+"$/);
    expect(off.size).toBe(0);
  });

  it('serves a page without its model within the freshness window, and checks the model again after it', () => {
    const cache = new PageCache(10, true, 1_000);
    expect(cache.recent('home', 0)).toBeUndefined();
    const first = cache.page('home', { v: 1 }, () => 'one', true, 0);
    expect(cache.recent('home', 999)).toBe(first);
    expect(cache.recent('home', 1_000)).toBeUndefined();
    const same = cache.page('home', { v: 1 }, () => 'never', true, 1_000);
    expect(same).toBe(first); // unchanged data: the same page, checked again
    expect(cache.recent('home', 1_500)).toBe(first);
    expect(new PageCache(10, true, 0).recent('home')).toBeUndefined();
    cache.page('search', 1, () => 'x', false, 0);
    expect(cache.recent('search', 1)).toBeUndefined();
  });
});
