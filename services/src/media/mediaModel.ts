import { Schema, type Connection, type Model } from 'mongoose';

/** Bytes kept in one stored document: the first part in the MediaDoc, the rest in media_chunks. */
export const MEDIA_CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * An uploaded image or attachment, stored in the node's own database. The id is derived from the bytes'
 * SHA-256 (same bytes → same id), so a media id never points at different content: it is immutable.
 * Files larger than MEDIA_CHUNK_BYTES (attachments go up to 20 MB, past MongoDB's 16 MB document limit) keep
 * their first MEDIA_CHUNK_BYTES in `data` and the rest in `extraChunks` documents of media_chunks
 * (`<id>:1`, `<id>:2`, …), written before the MediaDoc: a MediaDoc that exists is complete.
 */
export interface MediaDoc {
  _id: string;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  alt: string | null;
  /** The bytes, or their first MEDIA_CHUNK_BYTES when extraChunks > 0. */
  data: Buffer;
  /** How many media_chunks documents hold the rest of the bytes (0: all in `data`). */
  extraChunks: number;
  uploadedBy: string;
  createdAt: Date;
}

/** A media document without its bytes (what listings and views need). */
export type MediaInfo = Omit<MediaDoc, 'data'>;

const mediaSchema = new Schema<MediaDoc>(
  {
    _id: { type: String, required: true },
    filename: { type: String, required: true },
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    sha256: { type: String, required: true, index: true },
    alt: { type: String, default: null },
    data: { type: Buffer, required: true },
    extraChunks: { type: Number, required: true, default: 0 },
    uploadedBy: { type: String, required: true },
    createdAt: { type: Date, required: true },
  },
  { collection: 'media', versionKey: false },
);

export function mediaModel(connection: Connection): Model<MediaDoc> {
  return (connection.models.Media as Model<MediaDoc>) ?? connection.model<MediaDoc>('Media', mediaSchema);
}

/** One further part of a large file: `_id` is `<media id>:<n>`, n from 1 (read by `_id` only, no index needed). */
export interface MediaChunkDoc {
  _id: string;
  mediaId: string;
  n: number;
  data: Buffer;
}

const mediaChunkSchema = new Schema<MediaChunkDoc>(
  {
    _id: { type: String, required: true },
    mediaId: { type: String, required: true },
    n: { type: Number, required: true },
    data: { type: Buffer, required: true },
  },
  { collection: 'media_chunks', versionKey: false },
);

export function mediaChunkModel(connection: Connection): Model<MediaChunkDoc> {
  return (connection.models.MediaChunk as Model<MediaChunkDoc>) ?? connection.model<MediaChunkDoc>('MediaChunk', mediaChunkSchema);
}

/** A Buffer from what a lean read returns for a binary field (a bson Binary, or a Buffer). */
export function bufferOf(value: unknown): Buffer {
  if (Buffer.isBuffer(value)) return value;
  const binary = value as { value?: () => Uint8Array };
  const bytes = typeof binary?.value === 'function' ? binary.value() : value;
  if (bytes instanceof Uint8Array) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  throw new Error('not binary data');
}
