import { inserted } from '@djnet/shared';
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Model } from 'mongoose';
import { keyIdOf, parseEd25519PublicKey, verifyEd25519 } from './ed25519';
import type { NodeKeyDoc } from './nodeKeyModel';
import type { NodeKeyring, PublishedKey } from './nodeKeyring';

interface LoadedKey {
  doc: NodeKeyDoc;
  publicKey: KeyObject;
  privateKey: KeyObject;
}

function newKeyDoc(generation: number, createdAt: Date): NodeKeyDoc {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  return {
    _id: keyIdOf(publicKey),
    generation,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    createdAt,
    retiredAt: null,
  };
}

/**
 * Inserts a key at a generation. The generation is unique, so when two processes race only one insert lands;
 * the loser's key is simply not stored (it never signed anything). Returns false when another process won.
 */
async function insertGeneration(keys: Model<NodeKeyDoc>, generation: number, now: Date): Promise<boolean> {
  return inserted(keys.create(newKeyDoc(generation, now)));
}

class DatabaseNodeKeyring implements NodeKeyring {
  private byId = new Map<string, LoadedKey>();
  private active!: LoadedKey;

  constructor(
    private readonly keys: Model<NodeKeyDoc>,
    private readonly now: () => Date,
  ) {}

  /**
   * Reads every key; makes the first one if there is none. The active key is the highest generation; lower
   * generations still unretired (a rotation interrupted between its two writes) are retired now.
   */
  async load(): Promise<void> {
    let docs = await this.keys.find({}).sort({ generation: 1 }).lean<NodeKeyDoc[]>();
    if (docs.length === 0) {
      await insertGeneration(this.keys, 1, this.now());
      docs = await this.keys.find({}).sort({ generation: 1 }).lean<NodeKeyDoc[]>();
    }
    const newest = docs[docs.length - 1];
    if (!newest) throw new Error('节点密钥生成失败：数据库中没有密钥');
    if (newest.retiredAt) {
      // Every key retired (by hand): start a new generation rather than sign with a retired key.
      await insertGeneration(this.keys, newest.generation + 1, this.now());
      return this.load();
    }
    const stale = docs.filter((d) => d.generation < newest.generation && !d.retiredAt).map((d) => d._id);
    if (stale.length > 0) {
      await this.keys.updateMany({ _id: { $in: stale }, retiredAt: null }, { $set: { retiredAt: this.now() } });
      docs = await this.keys.find({}).sort({ generation: 1 }).lean<NodeKeyDoc[]>();
    }
    const byId = new Map<string, LoadedKey>();
    for (const doc of docs) {
      const publicKey = parseEd25519PublicKey(doc.publicKeyPem);
      if (!publicKey || keyIdOf(publicKey) !== doc._id) throw new Error(`节点密钥 ${doc._id} 已损坏：公钥与密钥 ID 不符`);
      byId.set(doc._id, { doc, publicKey, privateKey: createPrivateKey(doc.privateKeyPem) });
    }
    this.byId = byId;
    this.active = byId.get(docs[docs.length - 1]!._id)!;
  }

  activeKeyId(): string {
    return this.active.doc._id;
  }

  sign(data: Buffer): { keyId: string; signature: string } {
    return { keyId: this.active.doc._id, signature: sign(null, data, this.active.privateKey).toString('base64url') };
  }

  verifyOwn(keyId: string, data: Buffer, signature: string): boolean {
    const key = this.byId.get(keyId);
    return !!key && verifyEd25519(key.publicKey, data, signature);
  }

  publishedKeys(): PublishedKey[] {
    return [...this.byId.values()]
      .sort((a, b) => a.doc.generation - b.doc.generation)
      .map(({ doc }) => ({
        keyId: doc._id,
        publicKeyPem: doc.publicKeyPem,
        createdAt: new Date(doc.createdAt).toISOString(),
        retiredAt: doc.retiredAt ? new Date(doc.retiredAt).toISOString() : null,
      }));
  }

  async rotate(): Promise<string> {
    // Re-read first: another process of this node may have rotated already.
    await this.load();
    await insertGeneration(this.keys, this.active.doc.generation + 1, this.now());
    await this.load();
    return this.active.doc._id;
  }
}

/**
 * Loads the node's Ed25519 keys from its own database, generating the first key on first start. Safe when
 * several processes of one node start together on one database: they all end with the same single active key.
 */
export async function loadNodeKeyring(keys: Model<NodeKeyDoc>, now: () => Date): Promise<NodeKeyring> {
  // The unique generation index is what makes concurrent first starts and rotations safe; make sure it exists.
  await keys.createCollection().catch((e: { codeName?: string }) => {
    if (e.codeName !== 'NamespaceExists') throw e;
  });
  await keys.createIndexes();
  const keyring = new DatabaseNodeKeyring(keys, now);
  await keyring.load();
  return keyring;
}
