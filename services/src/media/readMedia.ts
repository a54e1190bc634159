import { badInput, notFound } from '@djnet/shared';
import type { NodeContext } from '../node/nodeContext';
import { bufferOf, mediaChunkModel, type MediaDoc, type MediaInfo } from './mediaModel';
import { MEDIA_ID_PATTERN } from './mediaPolicy';

export interface MediaContent {
  info: MediaInfo;
  /** The bytes in order, read part by part (a large file is never held in memory whole). */
  parts(): AsyncGenerator<Buffer>;
}

/**
 * A stored file of this node by id, for serving. Media is public: anyone who has the id may read it (ids
 * come from the content's hash, so they cannot be enumerated). A malformed id is BAD_USER_INPUT, an unknown
 * one NOT_FOUND.
 */
export async function readMedia(node: Pick<NodeContext, 'models' | 'connection'>, id: string): Promise<MediaContent> {
  if (!MEDIA_ID_PATTERN.test(id))
    throw badInput(`媒体 ID 格式错误：应为 32 位十六进制，收到 ${JSON.stringify(id.slice(0, 80))}`, { field: 'id' });
  const doc = await node.models.Media.findById(id).lean<MediaDoc>();
  if (!doc) throw notFound(`媒体文件不存在：${id}`);
  const { data, ...info } = doc;
  const extraChunks = info.extraChunks ?? 0;
  const chunks = mediaChunkModel(node.connection);
  return {
    info: { ...info, extraChunks },
    async *parts() {
      yield bufferOf(data);
      for (let n = 1; n <= extraChunks; n++) {
        const chunk = await chunks.findById(`${id}:${n}`).lean();
        if (!chunk) throw new Error(`media ${id}: chunk ${n} of ${extraChunks} missing`);
        yield bufferOf(chunk.data);
      }
    },
  };
}
