import { badInput } from '@djnet/shared';
import type { ChannelDoc } from '../channels/channelModel';
import { DEFAULT_CHANNEL_TREE, flattenChannelTree } from '../channels/defaultChannelTree';
import type { NodeModels } from '../node/nodeModels';

/** Why a record went to the default channel instead of its own. */
export type ChannelFallbackReason = 'missing' | 'unknown' | 'ambiguous' | 'retired';

export interface ChannelFallback {
  /** What the record named (null when it named nothing). */
  given: string | null;
  reason: ChannelFallbackReason;
}

export interface ChannelChoice {
  slug: string;
  fallback: ChannelFallback | null;
}

type KnownChannel = Pick<ChannelDoc, '_id' | 'name' | 'path' | 'retired'>;

const PATH_SEPARATOR = /\s*(?:>>|>|»|＞|→|\/|\\|›|｜|\|)\s*/;
const normalise = (s: string) => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/**
 * Maps what a legacy record calls its channel to a channel of this node: by slug (`dangjian-gongzuo-dongtai`)
 * or by Chinese name (`工作动态`), also as a path (`党建 > 工作动态`, which settles a name used twice).
 * Anything else goes to the default channel, and the choice says why.
 */
export class ChannelMatcher {
  private readonly bySlug = new Map<string, KnownChannel>();
  private readonly byName = new Map<string, KnownChannel[]>();

  private constructor(
    channels: readonly KnownChannel[],
    readonly defaultSlug: string,
    /** 'node' when the node's channel collection was used; 'default-tree' when it was still empty. */
    readonly channelsFrom: 'node' | 'default-tree',
  ) {
    for (const channel of channels) {
      this.bySlug.set(channel._id, channel);
      const key = normalise(channel.name);
      this.byName.set(key, [...(this.byName.get(key) ?? []), channel]);
    }
  }

  /**
   * The node's channels (or the network's default tree while the node has none yet: the shared tree's slugs
   * are the same everywhere). The default channel must exist and be in use.
   */
  static async load(models: Pick<NodeModels, 'Channel'>, defaultSlug: string): Promise<ChannelMatcher> {
    const stored = await models.Channel.find({}, { _id: 1, name: 1, path: 1, retired: 1 }).lean<KnownChannel[]>();
    const channels: KnownChannel[] =
      stored.length > 0
        ? stored
        : flattenChannelTree(DEFAULT_CHANNEL_TREE).map((c) => ({ _id: c.slug, name: c.name, path: [...c.path], retired: false }));
    const matcher = new ChannelMatcher(channels, defaultSlug, stored.length > 0 ? 'node' : 'default-tree');
    const fallback = matcher.bySlug.get(defaultSlug);
    if (!fallback)
      throw badInput(`默认栏目不存在：${defaultSlug}（请用栏目标识，如 dangjian-gongzuo-dongtai）`, { field: 'defaultChannel' });
    if (fallback.retired) throw badInput(`默认栏目已停用：${defaultSlug}`, { field: 'defaultChannel' });
    return matcher;
  }

  private nameOf(slug: string): string {
    return this.bySlug.get(slug)?.name ?? slug;
  }

  /** Candidates for one hint, narrowed by the path segments before its last one. */
  private candidates(hint: string): KnownChannel[] {
    const segments = hint.split(PATH_SEPARATOR).filter(Boolean);
    const last = segments.pop();
    if (!last) return [];
    const slug = this.bySlug.get(last.trim().toLowerCase());
    if (slug) return [slug];
    const named = this.byName.get(normalise(last)) ?? [];
    if (named.length <= 1 || segments.length === 0) return named;
    const above = new Set(segments.map(normalise));
    const narrowed = named.filter((c) => c.path.slice(0, -1).some((s) => above.has(s) || above.has(normalise(this.nameOf(s)))));
    return narrowed.length > 0 ? narrowed : named;
  }

  /** The channel for a record from its hints (most specific first); the default when none fits. */
  match(hints: readonly (string | null | undefined)[]): ChannelChoice {
    const given = hints.map((h) => h?.trim() ?? '').filter(Boolean);
    let problem: ChannelFallback | null = null;
    for (const hint of given) {
      const found = this.candidates(hint);
      if (found.length === 1 && !found[0]!.retired) return { slug: found[0]!._id, fallback: null };
      if (!problem && found.length > 1) problem = { given: hint, reason: 'ambiguous' };
      if (!problem && found.length === 1) problem = { given: hint, reason: 'retired' };
    }
    return {
      slug: this.defaultSlug,
      fallback: problem ?? (given.length > 0 ? { given: given[0]!, reason: 'unknown' } : { given: null, reason: 'missing' }),
    };
  }
}
