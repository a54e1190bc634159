import { z } from 'zod';
import type { NodeContext } from '../node/nodeContext';
import { networkSiteSettingsModel } from './networkSettingsModel';

/** Where the city serves the settings every node's public site follows. Public: they are shown on every page anyway. */
export const NETWORK_SETTINGS_PATH = '/site/network-settings';

/** How often a county or township asks the city again (a change reaches the whole network within this). */
export const NETWORK_SETTINGS_SYNC_MS = 60_000;

export interface NetworkSiteSettings {
  mourning: boolean;
  updatedAt: string | null;
}

const settingsSchema = z.object({ mourning: z.boolean(), updatedAt: z.string().nullable() });

/**
 * The network-wide site settings as this node knows them. The city reads its own document (and is told at once by
 * setMourningMode); other nodes fetch the city's over HTTP at start and every minute, keeping the last answer while
 * the city cannot be reached (like the shared channel tree and the sensitive-word list).
 */
export class NetworkSettingsState {
  private current: NetworkSiteSettings = { mourning: false, updatedAt: null };
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly node: NodeContext) {}

  get(): NetworkSiteSettings {
    return this.current;
  }

  /** Used by the city's command after it wrote the document. */
  set(settings: NetworkSiteSettings): void {
    this.current = settings;
  }

  /** Reads the settings now: the city from its database, others from the city. Never throws. */
  async refresh(): Promise<boolean> {
    const { node } = this;
    try {
      if (node.config.tier === 'city') {
        const doc = await networkSiteSettingsModel(node.connection).findById('network').lean();
        this.current = { mourning: doc?.mourning ?? false, updatedAt: doc ? doc.updatedAt.toISOString() : null };
        return true;
      }
      if (!node.config.cityUrl) return false;
      const response = await fetch(`${node.config.cityUrl}${NETWORK_SETTINGS_PATH}`, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(5_000),
      });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const parsed = settingsSchema.safeParse(await response.json());
      if (!parsed.success) throw new Error('响应格式错误');
      this.current = parsed.data;
      return true;
    } catch (e) {
      node.log.warn({ err: (e as Error).message }, '读取网群站点设置失败，沿用上次的设置');
      return false;
    }
  }

  /** First read now, then (below the city) every interval; the timer does not keep the process alive. */
  async start(intervalMs = NETWORK_SETTINGS_SYNC_MS): Promise<void> {
    await this.refresh();
    if (this.node.config.tier === 'city') return;
    const schedule = () => {
      if (this.stopped) return;
      this.timer = setTimeout(() => void this.refresh().then(schedule), intervalMs);
      this.timer.unref();
    };
    schedule();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
  }
}
