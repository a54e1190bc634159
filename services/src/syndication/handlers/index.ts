import { adopted } from './adopted';
import { channelTree } from './channelTree';
import { notice } from './notice';
import { published } from './published';
import { registerHandler } from './registry';
import { rejected } from './rejected';
import { retracted } from './retracted';
import { sensitiveWords } from './sensitiveWords';
import { updated } from './updated';

/**
 * The built-in event kinds. Newspaper calls (征稿, a later issue) will add `newspaperCall` here: a handler module
 * with the same entry point, registered under its kind, travelling on the down stream.
 */
registerHandler('published', published);
registerHandler('updated', updated);
registerHandler('retracted', retracted);
registerHandler('adopted', adopted);
registerHandler('rejected', rejected);
registerHandler('notice', notice);
registerHandler('channelTree', channelTree);
registerHandler('sensitiveWords', sensitiveWords);

export { handlerFor, registerHandler, EventRejected, type ApplyOutcome, type EventHandler } from './registry';
