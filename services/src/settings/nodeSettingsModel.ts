import { Schema, type Connection, type Model } from 'mongoose';

/** Per-node editorial settings (one document, `_id: 'settings'`). */
export interface NodeSettingsDoc {
  _id: 'settings';
  /** Review levels before publication: 1 for a small station, up to 3 (三审) for the city. */
  reviewLevels: number;
  /** The sensitive-word list: the city's own; on other nodes, the copy last fetched from the city. */
  sensitiveWords: string[];
  sensitiveWordsUpdatedAt: Date | null;
  updatedAt: Date;
}

const nodeSettingsSchema = new Schema<NodeSettingsDoc>(
  {
    _id: { type: String, required: true },
    reviewLevels: { type: Number, required: true, default: 1, min: 1, max: 3 },
    sensitiveWords: { type: [String], default: [] },
    sensitiveWordsUpdatedAt: { type: Date, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'node_settings', versionKey: false },
);

export function nodeSettingsModel(connection: Connection): Model<NodeSettingsDoc> {
  return (
    (connection.models.NodeSettings as Model<NodeSettingsDoc>) ?? connection.model<NodeSettingsDoc>('NodeSettings', nodeSettingsSchema)
  );
}
