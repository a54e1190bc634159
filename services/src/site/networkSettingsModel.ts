import { Schema, type Connection, type Model } from 'mongoose';

/**
 * Settings the city sets for the whole network's public sites (one document, `_id: 'network'`, at the city only).
 * Today: the grey theme for national mourning days (哀悼日).
 */
export interface NetworkSiteSettingsDoc {
  _id: 'network';
  mourning: boolean;
  updatedAt: Date;
  updatedBy: string;
}

const schema = new Schema<NetworkSiteSettingsDoc>(
  {
    _id: { type: String, required: true },
    mourning: { type: Boolean, required: true, default: false },
    updatedAt: { type: Date, required: true },
    updatedBy: { type: String, required: true },
  },
  { collection: 'site_settings', versionKey: false },
);

export function networkSiteSettingsModel(connection: Connection): Model<NetworkSiteSettingsDoc> {
  return (
    (connection.models.NetworkSiteSettings as Model<NetworkSiteSettingsDoc>) ??
    connection.model<NetworkSiteSettingsDoc>('NetworkSiteSettings', schema)
  );
}
