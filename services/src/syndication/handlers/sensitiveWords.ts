import { ErrorCode, hasErrorCode } from '@djnet/shared';
import { storeInheritedSensitiveWords } from '../../articles/sensitiveWordList';
import { sensitiveWordsPayloadSchema } from '../payloadSchemas';
import { heldRevision, recordReceivedRevision } from '../sharedState';
import { EventRejected, parsePayload, type EventHandler } from './registry';

/** The city set the sensitive-word list: store it as this node's copy and pass it on. Older revisions are ignored. */
export const sensitiveWords: EventHandler = {
  stream: 'down',
  async apply(rt, _edge, event) {
    const { words } = parsePayload(sensitiveWordsPayloadSchema, event);
    if (event.version <= (await heldRevision(rt, 'sensitiveWords'))) return 'unchanged';
    let stored: string[];
    try {
      stored = await storeInheritedSensitiveWords(rt.node, words);
    } catch (e) {
      if (hasErrorCode(e, ErrorCode.BAD_USER_INPUT)) throw new EventRejected((e as Error).message);
      throw e;
    }
    await recordReceivedRevision(rt, 'sensitiveWords', event.version, { words: stored });
    return 'applied';
  },
};
