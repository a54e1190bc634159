import { Schema, type Connection, type Model } from 'mongoose';
import type { ChannelLevel } from './defaultChannelTree';

/**
 * A channel at this node: the shared tree (from the city; origin `shared`) plus local channels (origin `local`).
 * Articles refer to channels by slug, which never changes: renaming, reordering and retiring keep links working.
 */
export interface ChannelDoc {
  _id: string; // the slug
  name: string;
  level: ChannelLevel;
  parentSlug: string | null;
  order: number;
  origin: 'shared' | 'local';
  retired: boolean;
  /** Slugs from the sub-network down to this channel. */
  path: string[];
  updatedAt: Date;
}

const channelSchema = new Schema<ChannelDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    level: { type: String, required: true, enum: ['subnetwork', 'category', 'subcategory'] },
    parentSlug: { type: String, default: null },
    order: { type: Number, required: true },
    origin: { type: String, required: true, enum: ['shared', 'local'] },
    retired: { type: Boolean, required: true, default: false },
    path: { type: [String], required: true },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'channels', versionKey: false },
);

export function channelModel(connection: Connection): Model<ChannelDoc> {
  return (connection.models.Channel as Model<ChannelDoc>) ?? connection.model<ChannelDoc>('Channel', channelSchema);
}
