import { Schema, type Connection, type Model } from 'mongoose';
import type { Tier } from '@djnet/shared';

/** One node of the network as the city's directory knows it. */
export interface DirectoryEntry {
  code: string;
  name: string;
  tier: Tier;
  parent: string | null;
  /** Public base URL of the node; its subgraph is at `${url}/graphql`. */
  url: string;
  status: 'active' | 'left';
  registeredAt: Date;
  lastSeen: Date;
  /**
   * The node's Ed25519 public keys, merged by keyId from every registration and never dropped, so what a key
   * signed stays verifiable after the node rotates it. Not part of what the gateway composes.
   */
  keys: DirectoryKey[];
  /** Bumped on every change of `keys`: registrations merge keys with compare-and-set on it. */
  keysRevision: number;
  /** Highest schema level the node serves, and its subgraph SDL at each level it can serve. */
  schemaLevel: number;
  sdlByLevel: Map<string, string>;
}

/** One published key of a node. */
export interface DirectoryKey {
  keyId: string;
  publicKeyPem: string;
  createdAt: Date;
  retiredAt: Date | null;
}

/** A grant to join the network: which code may register, at which tier, under which parent. Only the hash is kept. */
export interface RegistrationGrant {
  code: string;
  tier: Tier;
  parent: string | null;
  name: string | null;
  tokenHash: string;
  issuedAt: Date;
  revokedAt: Date | null;
}

const directoryEntrySchema = new Schema<DirectoryEntry>(
  {
    code: { type: String, required: true, unique: true },
    name: { type: String, required: true },
    tier: { type: String, required: true, enum: ['city', 'county', 'township'] },
    parent: { type: String, default: null },
    url: { type: String, required: true },
    status: { type: String, required: true, enum: ['active', 'left'], default: 'active' },
    registeredAt: { type: Date, required: true },
    lastSeen: { type: Date, required: true },
    keys: {
      type: [
        new Schema<DirectoryKey>(
          {
            keyId: { type: String, required: true },
            publicKeyPem: { type: String, required: true },
            createdAt: { type: Date, required: true },
            retiredAt: { type: Date, default: null },
          },
          { _id: false },
        ),
      ],
      default: [],
    },
    keysRevision: { type: Number, required: true, default: 0 },
    schemaLevel: { type: Number, required: true },
    sdlByLevel: { type: Map, of: String, default: () => new Map() },
  },
  { collection: 'directory_entries', versionKey: false },
);

const registrationGrantSchema = new Schema<RegistrationGrant>(
  {
    code: { type: String, required: true, unique: true },
    tier: { type: String, required: true, enum: ['city', 'county', 'township'] },
    parent: { type: String, default: null },
    name: { type: String, default: null },
    tokenHash: { type: String, required: true },
    issuedAt: { type: Date, required: true },
    revokedAt: { type: Date, default: null },
  },
  { collection: 'registration_grants', versionKey: false },
);

export interface DirectoryModels {
  DirectoryEntry: Model<DirectoryEntry>;
  RegistrationGrant: Model<RegistrationGrant>;
}

export function directoryModels(connection: Connection): DirectoryModels {
  return {
    DirectoryEntry: connection.models.DirectoryEntry ?? connection.model('DirectoryEntry', directoryEntrySchema),
    RegistrationGrant: connection.models.RegistrationGrant ?? connection.model('RegistrationGrant', registrationGrantSchema),
  } as DirectoryModels;
}
