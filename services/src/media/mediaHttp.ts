import { badInput } from '@djnet/shared';

/** HTTP details of media upload and serving (header parsing and building), kept out of the routes. */

/** Media ids are derived from the content: a response for an id never changes. */
export const IMMUTABLE_CACHE_CONTROL = 'public, max-age=31536000, immutable';

/** Served files are never run as pages, whatever they contain. */
export const MEDIA_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox";

// RFC 5987 attr-char: ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|" / "~"
const encodeRfc5987 = (value: string) =>
  encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/**
 * `Content-Disposition` for a stored file: inline for images, attachment for documents, with an ASCII
 * fallback name and the real (Chinese) name as RFC 5987 `filename*`.
 */
export function contentDisposition(type: 'inline' | 'attachment', filename: string): string {
  const fallback = filename.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  return `${type}; filename="${fallback}"; filename*=UTF-8''${encodeRfc5987(filename)}`;
}

/** Whether `If-None-Match` names this ETag (weak comparison, as RFC 9110 says for this header; `*` matches). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/**
 * A header carrying text that may be Chinese (`X-Filename`, `X-Alt`): percent-encoded UTF-8. Raw UTF-8
 * bytes (which Node reads as latin1) are accepted too. Malformed encoding is BAD_USER_INPUT.
 */
export function decodeTextHeader(value: string | undefined, header: string): string | undefined {
  if (value === undefined) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(value);
  } catch {
    throw badInput(`请求头 ${header} 编码错误：应为 URL 编码的 UTF-8`, { field: header });
  }
  const codes = Array.from(decoded, (ch) => ch.codePointAt(0)!);
  if (codes.some((c) => c >= 0x80) && codes.every((c) => c <= 0xff)) {
    const utf8 = Buffer.from(decoded, 'latin1').toString('utf8');
    if (!utf8.includes('\uFFFD')) decoded = utf8;
  }
  return decoded;
}
