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
  /** Highest schema level the node serves. */
  schemaLevel: number;
  /** Which version of its SDLs (per level) the node registered: stored apart in `directory_sdl` (directorySdl.ts). */
  sdlHash: string;
  /** Entries written before the SDLs moved out carried them here; rewritten at the node's next heartbeat. */
  sdlByLevel?: Record<string, string>;
}

/** One version of a node's subgraph SDL at each level it serves, by content (`_id` = `<code>:<sdlHash>`). */
export interface DirectorySdlDoc {
  _id: string;
  code: string;
  sdlHash: string;
  sdlByLevel: Record<string, string>;
  storedAt: Date;
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
    sdlHash: { type: String, default: '' },
    // Declared so that the heartbeat's `$unset` of an old inline copy is not stripped by mongoose; never written.
    sdlByLevel: { type: Schema.Types.Mixed, default: undefined },
  },
  { collection: 'directory_entries', versionKey: false },
);

const directorySdlSchema = new Schema<DirectorySdlDoc>(
  {
    _id: { type: String, required: true },
    code: { type: String, required: true },
    sdlHash: { type: String, required: true },
    sdlByLevel: { type: Schema.Types.Mixed, required: true },
    storedAt: { type: Date, required: true },
  },
  { collection: 'directory_sdl', versionKey: false },
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
  DirectorySdl: Model<DirectorySdlDoc>;
}

export function directoryModels(connection: Connection): DirectoryModels {
  return {
    DirectoryEntry: connection.models.DirectoryEntry ?? connection.model('DirectoryEntry', directoryEntrySchema),
    RegistrationGrant: connection.models.RegistrationGrant ?? connection.model('RegistrationGrant', registrationGrantSchema),
    DirectorySdl: connection.models.DirectorySdl ?? connection.model('DirectorySdl', directorySdlSchema),
  } as DirectoryModels;
}
