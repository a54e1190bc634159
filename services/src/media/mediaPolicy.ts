import { extname } from 'node:path';

/**
 * What a node accepts as media: which types, how large, what the bytes must look like, and how a file name is
 * kept. Pure functions; storeMedia applies them, the upload route uses them to refuse early.
 */

export type MediaKind = 'image' | 'attachment';

export const MEDIA_LIMITS: Readonly<Record<MediaKind, number>> = {
  image: 5 * 1024 * 1024,
  attachment: 20 * 1024 * 1024,
};

/** The largest file of any kind (the upload route reads no more than this). */
export const MAX_MEDIA_BYTES = Math.max(...Object.values(MEDIA_LIMITS));

interface MediaType {
  kind: MediaKind;
  /** Extensions a file of this type may have; the first is added when a name has none of them. */
  extensions: readonly string[];
  /** Whether the first bytes are what this type starts with. */
  looksRight(bytes: Buffer): boolean;
  /** Shown in errors. */
  label: string;
}

const startsWith = (bytes: Buffer, ...signature: number[]) => signature.every((b, i) => bytes[i] === b);
const ascii = (bytes: Buffer, offset: number, text: string) => bytes.subarray(offset, offset + text.length).toString('latin1') === text;

const isJpeg = (b: Buffer) => startsWith(b, 0xff, 0xd8, 0xff);
const isPng = (b: Buffer) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const isGif = (b: Buffer) => ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a');
const isWebp = (b: Buffer) => ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP');
// PDF readers accept the header anywhere in the first 1024 bytes.
const isPdf = (b: Buffer) => b.subarray(0, 1024).includes('%PDF-', 0, 'latin1');
const isZip = (b: Buffer) => startsWith(b, 0x50, 0x4b, 0x03, 0x04) || startsWith(b, 0x50, 0x4b, 0x05, 0x06);
// Word 97–2003, Excel 97–2003, PowerPoint 97–2003: OLE compound file. Old Word files are often RTF.
const isOle = (b: Buffer) => startsWith(b, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1);
const isRtf = (b: Buffer) => ascii(b, 0, '{\\rtf');
const isText = (b: Buffer) => !b.subarray(0, 8192).includes(0);

export const MEDIA_TYPES: Readonly<Record<string, MediaType>> = {
  'image/jpeg': { kind: 'image', extensions: ['.jpg', '.jpeg', '.jpe'], looksRight: isJpeg, label: 'JPEG' },
  'image/png': { kind: 'image', extensions: ['.png'], looksRight: isPng, label: 'PNG' },
  'image/gif': { kind: 'image', extensions: ['.gif'], looksRight: isGif, label: 'GIF' },
  'image/webp': { kind: 'image', extensions: ['.webp'], looksRight: isWebp, label: 'WebP' },
  'application/pdf': { kind: 'attachment', extensions: ['.pdf'], looksRight: isPdf, label: 'PDF' },
  'application/msword': { kind: 'attachment', extensions: ['.doc'], looksRight: (b) => isOle(b) || isRtf(b), label: 'Word 文档' },
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': {
    kind: 'attachment',
    extensions: ['.docx'],
    looksRight: isZip,
    label: 'Word 文档',
  },
  'application/vnd.ms-excel': { kind: 'attachment', extensions: ['.xls'], looksRight: isOle, label: 'Excel 表格' },
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
    kind: 'attachment',
    extensions: ['.xlsx'],
    looksRight: isZip,
    label: 'Excel 表格',
  },
  'application/vnd.ms-powerpoint': { kind: 'attachment', extensions: ['.ppt'], looksRight: isOle, label: 'PowerPoint 演示文稿' },
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': {
    kind: 'attachment',
    extensions: ['.pptx'],
    looksRight: isZip,
    label: 'PowerPoint 演示文稿',
  },
  'application/zip': { kind: 'attachment', extensions: ['.zip'], looksRight: isZip, label: 'ZIP 压缩包' },
  'text/plain': { kind: 'attachment', extensions: ['.txt'], looksRight: isText, label: '文本文件' },
};

/** Other names clients send for allowed types. */
const TYPE_ALIASES: Readonly<Record<string, string>> = {
  'image/jpg': 'image/jpeg',
  'image/pjpeg': 'image/jpeg',
  'image/x-png': 'image/png',
  'application/x-zip-compressed': 'application/zip',
  'application/x-zip': 'application/zip',
};

/** Types that say nothing about the file; the name's extension decides then. */
const GENERIC_TYPES = new Set(['', 'application/octet-stream', 'binary/octet-stream', 'application/x-download']);

const IMAGE_SIGNATURES: readonly (readonly [string, (b: Buffer) => boolean])[] = [
  ['image/jpeg', isJpeg],
  ['image/png', isPng],
  ['image/gif', isGif],
  ['image/webp', isWebp],
];

/** The image type the bytes actually are, if they are one of the allowed images. */
export function sniffImageType(bytes: Buffer): string | undefined {
  return IMAGE_SIGNATURES.find(([, test]) => test(bytes))?.[0];
}

/**
 * The allowed content type a declared `Content-Type` (parameters ignored, aliases resolved) stands for;
 * a generic one (application/octet-stream, none) is inferred from the file name. Undefined when not allowed.
 */
export function resolveContentType(declared: string | undefined, filename: string): string | undefined {
  const type = (declared ?? '').split(';')[0]!.trim().toLowerCase();
  const canonical = TYPE_ALIASES[type] ?? type;
  if (MEDIA_TYPES[canonical]) return canonical;
  if (!GENERIC_TYPES.has(canonical)) return undefined;
  const ext = extname(filename).toLowerCase();
  return Object.entries(MEDIA_TYPES).find(([, t]) => t.extensions.includes(ext))?.[0];
}

export function mediaKind(contentType: string): MediaKind {
  const type = MEDIA_TYPES[contentType];
  if (!type) throw new Error(`not an allowed media type: ${contentType}`);
  return type.kind;
}

export function mediaTypeLabel(contentType: string): string {
  return MEDIA_TYPES[contentType]?.label ?? contentType;
}

/** Human list of what may be uploaded (for error messages). */
export const ALLOWED_TYPES_TEXT = '图片（JPEG、PNG、GIF、WebP）；附件（PDF、Word、Excel、PowerPoint、ZIP、TXT）';

/** Whether the bytes look like the type claims. */
export function contentMatchesType(bytes: Buffer, contentType: string): boolean {
  return MEDIA_TYPES[contentType]?.looksRight(bytes) ?? false;
}

const MAX_FILENAME_CHARS = 200;

/**
 * The name a file is kept and served under: the last path segment only, no control characters, at most
 * MAX_FILENAME_CHARS, and an extension that fits its type (added when missing or different, so a download
 * never opens as something else).
 */
export function cleanFilename(raw: string, contentType: string): string {
  const base = raw
    .split(/[\\/]/)
    .pop()!
    .replace(/[\p{Cc}"<>|:*?]/gu, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const extensions = MEDIA_TYPES[contentType]?.extensions ?? [];
  const ext = extname(base).toLowerCase();
  let name = base || 'file';
  if (extensions.length > 0 && !extensions.includes(ext)) name = `${name}${extensions[0]}`;
  if (name.length <= MAX_FILENAME_CHARS) return name;
  const keptExt = extname(name);
  return Array.from(name.slice(0, name.length - keptExt.length))
    .slice(0, MAX_FILENAME_CHARS - keptExt.length)
    .join('')
    .concat(keptExt);
}

/** Media ids: the first 32 hex digits (128 bits) of the file's SHA-256. */
export const MEDIA_ID_PATTERN = /^[0-9a-f]{32}$/;

export function mediaIdOf(sha256: string): string {
  return sha256.slice(0, 32);
}
