import type { Connection } from 'mongoose';
import { accountModel } from '../accounts/accountModel';
import { articleModel, articleVersionModel } from '../articles/articleModel';
import { channelModel } from '../channels/channelModel';
import { nodeKeyModel } from '../keys/nodeKeyModel';
import { mediaModel } from '../media/mediaModel';
import { nodeSettingsModel } from '../settings/nodeSettingsModel';
import { officerModels } from '../officers/officerModels';
import { newspaperModels } from '../newspaper/newspaperModels';
import { readersModels } from '../readers/readersModels';

/** Every model of a node's own database, registered on its connection. */
export function nodeModels(connection: Connection) {
  return {
    Account: accountModel(connection),
    Article: articleModel(connection),
    ArticleVersion: articleVersionModel(connection),
    Channel: channelModel(connection),
    NodeKey: nodeKeyModel(connection),
    Media: mediaModel(connection),
    NodeSettings: nodeSettingsModel(connection),
    ...officerModels(connection),
    ...newspaperModels(connection),
    ...readersModels(connection),
  };
}
export type NodeModels = ReturnType<typeof nodeModels>;
