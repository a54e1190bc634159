import { readFile } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, resolve } from 'node:path';
import { DomainError } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { mediaView } from '../media/mediaView';
import { resolveContentType } from '../media/mediaPolicy';
import { storeMediaAs } from '../media/storeMedia';

export interface LocalImages {
  html: string;
  /** Media ids of the images stored, in order of appearance. */
  mediaIds: string[];
  warnings: string[];
}

const IMG = /<img\b[^>]*?\bsrc\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))[^>]*>/gi;
const REMOTE = /^(?:[a-z][a-z0-9+.-]*:|\/\/)/i;
const ALT = /\balt\s*=\s*(?:"([^"]*)"|'([^']*)')/i;

/**
 * Images of a saved page that were saved with it (`<img src="images/a.jpg">`, `src="/uploads/a.jpg"` under the
 * import root) become media of this node, and their `src` its media URL: the old site is gone, its files are
 * not. Remote and missing images stay as they are and are reported. A dry run stores nothing.
 */
export async function importLocalImages(
  node: Pick<NodeContext, 'models' | 'connection' | 'now'>,
  html: string,
  where: { root: string; pageDir: string; baseUrl: string; dryRun: boolean; uploadedBy: string },
): Promise<LocalImages> {
  const mediaIds: string[] = [];
  const warnings: string[] = [];
  const replacements = new Map<string, string>();
  for (const m of html.matchAll(IMG)) {
    const src = (m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (!src || REMOTE.test(src) || replacements.has(src)) continue;
    let path: string;
    try {
      const bare = decodeURIComponent(src.replace(/[?#].*$/, ''));
      path = bare.startsWith('/') ? join(where.root, bare) : resolve(where.pageDir, bare);
    } catch {
      warnings.push(`图片地址无法解析：${src}`);
      continue;
    }
    const inside = relative(where.root, path);
    if (inside.startsWith('..') || isAbsolute(inside)) {
      warnings.push(`图片不在导入目录内，未导入：${src}`);
      continue;
    }
    const contentType = resolveContentType(undefined, path);
    if (!contentType?.startsWith('image/')) {
      warnings.push(`不是可导入的图片：${src}`);
      continue;
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch {
      warnings.push(`图片文件不存在，未导入：${src}`);
      continue;
    }
    if (where.dryRun) continue;
    try {
      const alt = ALT.exec(m[0]);
      const { doc } = await storeMediaAs(
        node,
        { bytes, contentType, filename: basename(path), alt: alt?.[1] ?? alt?.[2] ?? null },
        where.uploadedBy,
      );
      replacements.set(src, mediaView(doc, where.baseUrl).url);
      mediaIds.push(doc._id);
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      warnings.push(`图片未导入（${e.message}）：${src}`);
    }
  }
  const out = html.replace(IMG, (tag: string, dq?: string, sq?: string, bare?: string) => {
    const src = (dq ?? sq ?? bare ?? '').trim();
    const url = replacements.get(src);
    return url ? tag.replace(/\bsrc\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+)/i, `src="${url}"`) : tag;
  });
  return { html: out, mediaIds: [...new Set(mediaIds)], warnings };
}
