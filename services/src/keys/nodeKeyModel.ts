import { Schema, type Connection, type Model } from 'mongoose';

/** One of the node's Ed25519 signing keys. The newest unretired key signs; retired keys stay for verification. */
export interface NodeKeyDoc {
  /** Key id: the first 16 hex chars of the SHA-256 of the public key (DER). */
  _id: string;
  /**
   * 1 for the node's first key, +1 per rotation. Unique: of two processes generating or rotating at once on one
   * database, only one insert wins, so the node always ends with one active key.
   */
  generation: number;
  publicKeyPem: string;
  privateKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

const nodeKeySchema = new Schema<NodeKeyDoc>(
  {
    _id: { type: String, required: true },
    generation: { type: Number, required: true, unique: true },
    publicKeyPem: { type: String, required: true },
    privateKeyPem: { type: String, required: true },
    createdAt: { type: Date, required: true },
    retiredAt: { type: Date, default: null },
  },
  { collection: 'node_keys', versionKey: false },
);

export function nodeKeyModel(connection: Connection): Model<NodeKeyDoc> {
  return (connection.models.NodeKey as Model<NodeKeyDoc>) ?? connection.model<NodeKeyDoc>('NodeKey', nodeKeySchema);
}
