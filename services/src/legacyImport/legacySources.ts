import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { badInput } from '@djnet/shared';

export const LEGACY_FORMATS = ['html', 'csv', 'json'] as const;
export type LegacyFormat = (typeof LEGACY_FORMATS)[number];

const EXTENSIONS: Readonly<Record<LegacyFormat, readonly string[]>> = {
  html: ['.html', '.htm', '.shtml', '.shtm', '.xhtml', '.asp', '.aspx', '.php', '.jsp'],
  csv: ['.csv', '.tsv'],
  json: ['.json'],
};

export function formatOfName(name: string): LegacyFormat | undefined {
  const ext = extname(name).toLowerCase();
  return (Object.keys(EXTENSIONS) as LegacyFormat[]).find((f) => EXTENSIONS[f].includes(ext));
}

/** The format of one file's decoded text when neither option nor extension says: JSON, HTML or else CSV. */
export function sniffFormat(text: string): LegacyFormat {
  const start = text.trimStart();
  if (start.startsWith('[') || start.startsWith('{')) return 'json';
  return /^<|<(?:html|body|title|p|div)\b/i.test(start.slice(0, 2000)) ? 'html' : 'csv';
}

export interface SourceFile {
  /** Absolute (or as given) path, for reading. */
  path: string;
  /** Path relative to the import root, with / separators: what reports show and import keys are made of. */
  relativePath: string;
  /** Known from the option or the extension; undefined: decided from the content. */
  format: LegacyFormat | undefined;
}

export interface SourceListing {
  /** The folder imported (for a single file: its folder). Local images of pages are looked up inside it. */
  root: string;
  files: SourceFile[];
  /** Files in the folder that are not of the format(s) imported (images, stylesheets, …). */
  ignored: string[];
}

async function walk(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const out: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await walk(path)));
    else if (entry.isFile()) out.push(path);
  }
  return out;
}

/**
 * The files an import reads: a single file (any name; its format from the option, the extension or its
 * content), or every file of a folder and its sub-folders whose extension fits the format (any known format
 * when none is given), in a stable order.
 */
export async function listSourceFiles(source: string, format: LegacyFormat | undefined): Promise<SourceListing> {
  const info = await stat(source).catch((e: NodeJS.ErrnoException) => {
    throw badInput(e.code === 'ENOENT' ? `找不到导入源：${source}` : `无法读取导入源 ${source}：${e.message}`, { field: 'source' });
  });
  if (!info.isDirectory())
    return {
      root: dirname(source),
      files: [{ path: source, relativePath: basename(source), format: format ?? formatOfName(source) }],
      ignored: [],
    };
  const files: SourceFile[] = [];
  const ignored: string[] = [];
  for (const path of await walk(source)) {
    const relativePath = relative(source, path).split(sep).join('/');
    const byName = formatOfName(path);
    const fits = format ? byName === format || (format === 'csv' && extname(path).toLowerCase() === '.txt') : byName !== undefined;
    if (fits) files.push({ path, relativePath, format: format ?? byName });
    else ignored.push(relativePath);
  }
  return { root: source, files, ignored };
}
