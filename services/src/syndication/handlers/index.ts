import { adopted } from './adopted';
import { channelTree } from './channelTree';
import { featured } from './featured';
import { notice } from './notice';
import { published } from './published';
import { registerHandler } from './registry';
import { rejected } from './rejected';
import { retracted } from './retracted';
import { sensitiveWords } from './sensitiveWords';
import { updated } from './updated';
import { registerNewspaperHandlers } from '../../newspaper/handlers';

/**
 * The built-in event kinds, one handler module each with the same entry point. The newspaper's kinds (征稿 calls,
 * manuscripts and their status, quotas, subscription reports, reminders) live in newspaper/handlers/.
 */
registerHandler('published', published);
registerHandler('updated', updated);
registerHandler('retracted', retracted);
registerHandler('adopted', adopted);
registerHandler('rejected', rejected);
registerHandler('featured', featured);
registerHandler('notice', notice);
registerHandler('channelTree', channelTree);
registerHandler('sensitiveWords', sensitiveWords);
// The newspaper desk (services/src/newspaper): calls, manuscripts and their status, quotas, subscription reports, reminders.
registerNewspaperHandlers();

export { handlerFor, registerHandler, EventRejected, type ApplyOutcome, type EventHandler } from './registry';
