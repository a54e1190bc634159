import { Schema, type Connection, type Model } from 'mongoose';

/**
 * A partner's API key (合作方密钥), kept at the city. Only the SHA-256 hash of the key is stored; the key itself
 * is shown once, when it is issued.
 */
export interface PartnerKeyDoc {
  _id: string;
  name: string;
  /** Who to call about this key (person, phone or e-mail); never leaves the city. */
  contact: string | null;
  /** SHA-256 of the key (hex): what the gateway compares a presented key with. */
  keyHash: string;
  /** The key's first characters, so an admin can tell keys apart without the key. */
  keyPrefix: string;
  requestsPerMinute: number;
  /** Browser origins allowed to use the key (CORS), e.g. `https://news.example.cn`; `*` allows any. */
  allowedOrigins: string[];
  /** The key may only run operations registered in the gateway's operation manifest. */
  allowListOnly: boolean;
  createdAt: Date;
  createdBy: string;
  revokedAt: Date | null;
  revokedBy: string | null;
}

const partnerKeySchema = new Schema<PartnerKeyDoc>(
  {
    _id: { type: String, required: true },
    name: { type: String, required: true },
    contact: { type: String, default: null },
    keyHash: { type: String, required: true, unique: true },
    keyPrefix: { type: String, required: true },
    requestsPerMinute: { type: Number, required: true },
    allowedOrigins: { type: [String], default: [] },
    allowListOnly: { type: Boolean, required: true, default: false },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, required: true },
    revokedAt: { type: Date, default: null },
    revokedBy: { type: String, default: null },
  },
  { collection: 'partner_keys', versionKey: false },
);

export type PartnerKeyModel = Model<PartnerKeyDoc>;

/** The city's partner-key model on its connection (registered before ensureIndexes runs). */
export function partnerKeyModel(connection: Connection): PartnerKeyModel {
  return (connection.models.PartnerKey as PartnerKeyModel) ?? connection.model<PartnerKeyDoc>('PartnerKey', partnerKeySchema);
}
