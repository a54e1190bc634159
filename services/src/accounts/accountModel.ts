import { Schema, type Connection, type Model } from 'mongoose';

export const ROLES = ['admin', 'editor', 'officer', 'correspondent', 'partner'] as const;
export type Role = (typeof ROLES)[number];

/** A staff account at its home node (node admin, editor, information officer 信息员, correspondent 通讯员, partner). */
export interface AccountDoc {
  _id: string;
  username: string;
  name: string;
  role: Role;
  /** Home node code: the node whose database holds the account. */
  node: string;
  /** Editors: the highest review level (1–3) they may sign. */
  reviewLevel: number;
  /** scrypt: `scrypt$N$r$p$salt$hash` (base64url). */
  passwordHash: string;
  disabled: boolean;
  createdAt: Date;
  createdBy: string | null;
  updatedAt: Date;
}

const accountSchema = new Schema<AccountDoc>(
  {
    _id: { type: String, required: true },
    username: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    role: { type: String, required: true, enum: ROLES },
    node: { type: String, required: true },
    reviewLevel: { type: Number, required: true, default: 1 },
    passwordHash: { type: String, required: true },
    disabled: { type: Boolean, required: true, default: false },
    createdAt: { type: Date, required: true },
    createdBy: { type: String, default: null },
    updatedAt: { type: Date, required: true },
  },
  { collection: 'accounts', versionKey: false },
);

export function accountModel(connection: Connection): Model<AccountDoc> {
  return (connection.models.Account as Model<AccountDoc>) ?? connection.model<AccountDoc>('Account', accountSchema);
}
