import type { Connection } from 'mongoose';
import { type NodeConfigInput, type Tier } from '../../shared/src';
import type { Actor } from '../../services/src/accounts/actor';
import type { ArticleDoc } from '../../services/src/articles/articleModel';
import type { RequestContext } from '../../services/src/graphql/requestContext';
import type { NodeContext } from '../../services/src/node/nodeContext';
import { Syndication, type SyndicationOptions } from '../../services/src/syndication/syndication';
import type { ItemPayload, SyndicationEvent } from '../../services/src/syndication/syndicationTypes';
/**
 * One node's context and syndication on a real database of its own, without HTTP or registration: for testing
 * the relay and the event handlers directly. The shared channel tree is seeded; edges are pulled by nobody (no
 * peers), so events are applied by calling the handlers.
 */
export interface SyndicationTestNode {
    node: NodeContext;
    syndication: Syndication;
    connection: Connection;
    databaseName: string;
    as(role: Actor['role'] | null, name?: string): RequestContext;
    /** Stops the syndication (as a crash would leave the database) and starts a fresh one on the same database. */
    restart(options?: SyndicationOptions): Promise<Syndication>;
    close(): Promise<void>;
}
export declare function openSyndicationTestNode(spec: {
    code: string;
    tier: Tier;
    parent?: string | null;
    config?: Partial<NodeConfigInput>;
}, options?: SyndicationOptions, databaseName?: string): Promise<SyndicationTestNode>;
/** The payload of an item as a child would send it. */
export declare function itemPayload(from: string, title: string, over?: Partial<ItemPayload>): ItemPayload;
/** An event as read from a peer (handlers do not check signatures: the edge puller does). */
export declare function eventFrom(from: string, kind: string, fields: Partial<SyndicationEvent> & {
    payload: Record<string, unknown>;
}): SyndicationEvent;
/** A fresh item id of a child node. */
export declare const childItemId: (child: string) => string;
export declare function articleOf(t: SyndicationTestNode, id: unknown): Promise<ArticleDoc | null>;
//# sourceMappingURL=syndicationNode.d.ts.map