import type { MediaDoc } from './mediaModel';

/** The GraphQL `Media` shape of a stored file; `baseUrl` is the node's public URL. */
export function mediaView(doc: Pick<MediaDoc, '_id' | 'filename' | 'contentType' | 'size' | 'sha256' | 'alt'>, baseUrl: string) {
  return {
    id: doc._id,
    url: `${baseUrl}/media/${encodeURIComponent(doc._id)}`,
    filename: doc.filename,
    contentType: doc.contentType,
    size: doc.size,
    sha256: doc.sha256,
    alt: doc.alt,
  };
}
