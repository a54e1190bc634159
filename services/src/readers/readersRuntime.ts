import { createHash } from 'node:crypto';
import type { NodeContext } from '../node/nodeContext';
import { siteRuntimeOf } from '../site/siteRuntime';
import type { ChildPeer } from '../officers/networkFigures';
import { ActiveTopics } from './activeTopics';
import { ProofOfWork } from './proofOfWork';
import { PublicComments } from './publicComments';
import { SubmissionThrottle } from './submissionThrottle';
import { TopicFeatures } from './topicFeatures';
import { VisitCounter } from './visitCounter';

/** The readers' area state of a running node (one per NodeContext). */
export interface ReadersRuntime {
  visits: VisitCounter;
  comments: PublicComments;
  topics: ActiveTopics;
  /** Records the items the topics list (scoring their officers at the origin). */
  features: TopicFeatures;
  /** A topic was created or changed here: the home page's list and the recorded features follow. */
  topicsChanged(): void;
  throttle: SubmissionThrottle;
  pow: ProofOfWork;
  children(): ChildPeer[];
  stop(): Promise<void>;
}

const runtimes = new WeakMap<NodeContext, ReadersRuntime>();

export function readersOf(node: NodeContext): ReadersRuntime | undefined {
  return runtimes.get(node);
}

export interface ReadersOptions {
  children?: () => ChildPeer[];
  /** How often counted visits are written (default a minute). */
  visitFlushMs?: number;
  /** How often the topics' items are recorded (default five minutes). */
  topicFeaturesMs?: number;
  /** Proof-of-work difficulty in bits (default POW_DIFFICULTY). */
  powDifficulty?: number;
}

/**
 * Starts the readers' area of a node: the visit counter (hooked into the public site's page views), the
 * approved comments and active topics held for the pages, the submission limits and the proof of work.
 */
export async function startReaders(node: NodeContext, options: ReadersOptions = {}): Promise<ReadersRuntime> {
  const visits = new VisitCounter(node);
  const comments = new PublicComments(node);
  const topics = new ActiveTopics(node);
  const features = new TopicFeatures(node);
  const secret = createHash('sha256')
    .update(node.keyring.sign(Buffer.from(`djnet-readers-pow:v1:${node.config.code}`)).signature)
    .digest();
  const runtime: ReadersRuntime = {
    visits,
    comments,
    topics,
    features,
    topicsChanged: () => {
      topics.changed();
      features.run();
    },
    throttle: new SubmissionThrottle(),
    pow: new ProofOfWork(secret, options.powDifficulty),
    children: options.children ?? (() => []),
    stop: async () => {
      comments.stop();
      topics.stop();
      await features.stop();
      await visits.stop();
    },
  };
  runtimes.set(node, runtime);
  await visits.start(options.visitFlushMs);
  await comments.start();
  await topics.start();
  features.start(options.topicFeaturesMs);
  const site = siteRuntimeOf(node);
  if (site) {
    site.visits = {
      pageView: (ref, client) => visits.pageView(ref, client),
    };
    site.articleComments = (id) => comments.forArticle(id);
    site.activeTopics = () => topics.get();
  }
  return runtime;
}
