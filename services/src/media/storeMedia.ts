import { createHash } from 'node:crypto';
import { badInput, DomainError, ErrorCode, isDuplicateKey } from '@djnet/shared';
import { requireRole, WRITER_ROLES } from '../accounts/permissions';
import type { Actor } from '../accounts/actor';
import type { RequestContext } from '../graphql/requestContext';
import type { NodeContext } from '../node/nodeContext';
import { MEDIA_CHUNK_BYTES, mediaChunkModel, type MediaDoc, type MediaInfo } from './mediaModel';
import {
  ALLOWED_TYPES_TEXT,
  MEDIA_LIMITS,
  cleanFilename,
  contentMatchesType,
  mediaIdOf,
  mediaKind,
  mediaTypeLabel,
  resolveContentType,
  sniffImageType,
} from './mediaPolicy';

/** Why an upload was refused (in `details.reason` of the error). */
export const MediaRefusal = {
  TOO_LARGE: 'MEDIA_TOO_LARGE',
  TYPE_NOT_ALLOWED: 'MEDIA_TYPE_NOT_ALLOWED',
  CONTENT_MISMATCH: 'MEDIA_CONTENT_MISMATCH',
  EMPTY: 'MEDIA_EMPTY',
} as const;
export type MediaRefusal = (typeof MediaRefusal)[keyof typeof MediaRefusal];

/** A file over its kind's size limit: BAD_USER_INPUT, answered over HTTP as 413. */
export class MediaTooLarge extends DomainError {
  constructor(limitBytes: number, contentType: string, size?: number) {
    super(ErrorCode.BAD_USER_INPUT, `文件过大：${mediaTypeLabel(contentType)}最大 ${limitBytes / 1024 / 1024} MB`, {
      reason: MediaRefusal.TOO_LARGE,
      limit: limitBytes,
      ...(size === undefined ? {} : { size }),
    });
  }

  override get httpStatus(): number {
    return 413;
  }
}

export interface MediaUpload {
  bytes: Buffer;
  /** As declared by the client (Content-Type); generic types are inferred from the file name. */
  contentType: string | undefined;
  filename: string;
  alt?: string | null;
}

export interface StoredMedia {
  doc: MediaInfo;
  /** False when the same bytes were already stored: the existing media is returned. */
  created: boolean;
}

type MediaNode = Pick<NodeContext, 'models' | 'connection' | 'now'>;

const MAX_ALT_CHARS = 200;

/**
 * The content type an upload will be stored as, or the refusal. Used by the upload route before it reads the
 * body (so an anonymous or wrong-type upload is not read at all) and again by storeMediaAs on the bytes.
 */
export function acceptedContentType(declared: string | undefined, filename: string): string {
  const contentType = resolveContentType(declared, filename);
  if (!contentType) {
    throw badInput(`不支持的文件类型 ${declared || '（未声明）'}；允许：${ALLOWED_TYPES_TEXT}`, { reason: MediaRefusal.TYPE_NOT_ALLOWED });
  }
  return contentType;
}

/** The size limit for a content type (bytes). */
export function sizeLimitOf(contentType: string): number {
  return MEDIA_LIMITS[mediaKind(contentType)];
}

/** Who may upload media on this node: signed-in writers (officers, correspondents, editors, admins). */
export function requireMediaUploader(ctx: RequestContext): Actor {
  return requireRole(ctx, WRITER_ROLES).actor;
}

/** A signed-in writer uploads an image or attachment to this node. */
export async function storeMedia(ctx: RequestContext, upload: MediaUpload): Promise<StoredMedia> {
  const actor = requireMediaUploader(ctx);
  return storeMediaAs(ctx.node, upload, actor.accountId);
}

/**
 * Checks and stores a file for a caller already authorised (the upload command, the legacy import): allowed
 * type, size within its kind's limit, bytes that are what the type says (images by their signature,
 * documents by theirs). The id comes from the SHA-256, so the same bytes give the same media, even when two
 * uploads race. Nothing is written when a check fails.
 */
export async function storeMediaAs(node: MediaNode, upload: MediaUpload, uploadedBy: string): Promise<StoredMedia> {
  const { bytes } = upload;
  const contentType = acceptedContentType(upload.contentType, upload.filename);
  const limit = sizeLimitOf(contentType);
  if (bytes.length > limit) throw new MediaTooLarge(limit, contentType, bytes.length);
  if (bytes.length === 0) throw badInput('文件为空', { reason: MediaRefusal.EMPTY });
  if (!contentMatchesType(bytes, contentType)) {
    const actual = sniffImageType(bytes);
    throw badInput(
      `文件内容与类型不符：声明为${mediaTypeLabel(contentType)}，${actual ? `实际是${mediaTypeLabel(actual)}` : '内容不是该格式'}`,
      { reason: MediaRefusal.CONTENT_MISMATCH, declared: contentType, ...(actual ? { actual } : {}) },
    );
  }
  const alt = upload.alt?.trim() ? Array.from(upload.alt.trim()).slice(0, MAX_ALT_CHARS).join('') : null;

  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const id = mediaIdOf(sha256);
  const existing = await node.models.Media.findById(id, { data: 0 }).lean<MediaInfo>();
  if (existing) return { doc: existing, created: false };

  // Further chunks first (idempotent upserts: a racing upload of the same bytes writes the same chunks), then
  // the media document, which makes the file visible only once it is complete.
  const chunks = mediaChunkModel(node.connection);
  const extraChunks = Math.max(0, Math.ceil(bytes.length / MEDIA_CHUNK_BYTES) - 1);
  for (let n = 1; n <= extraChunks; n++) {
    const data = bytes.subarray(n * MEDIA_CHUNK_BYTES, (n + 1) * MEDIA_CHUNK_BYTES);
    await chunks.updateOne({ _id: `${id}:${n}` }, { $set: { mediaId: id, n, data } }, { upsert: true });
  }
  const doc: MediaDoc = {
    _id: id,
    filename: cleanFilename(upload.filename, contentType),
    contentType,
    size: bytes.length,
    sha256,
    alt,
    data: bytes.subarray(0, MEDIA_CHUNK_BYTES),
    extraChunks,
    uploadedBy,
    createdAt: node.now(),
  };
  try {
    await node.models.Media.create(doc);
  } catch (e) {
    if (!isDuplicateKey(e)) throw e;
    const winner = await node.models.Media.findById(id, { data: 0 }).lean<MediaInfo>();
    if (!winner) throw e;
    return { doc: winner, created: false };
  }
  const { data: _data, ...info } = doc;
  return { doc: info, created: true };
}
