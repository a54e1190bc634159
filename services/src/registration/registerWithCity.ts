import type { Logger, Tier } from '@djnet/shared';
import type { PublishedKey } from '../keys/nodeKeyring';

export class RegistrationRefused extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'RegistrationRefused';
  }
}

export interface RegistrationPayload {
  code: string;
  name: string;
  tier: Tier;
  parent: string | null;
  url: string;
  schemaLevel: number;
  sdlByLevel: Record<string, string>;
  publicKeys: PublishedKey[];
}

export interface RegistrationAnswer {
  children: string[];
  /** The city's node code, so a node knows the top of its tree. */
  cityCode: string | null;
  /** The node's parent and children with their URLs (for syndication); absent from an older city. */
  peers?: {
    parent: { code: string; url: string | null } | null;
    children: { code: string; url: string | null }[];
  };
}

/** One registration (or heartbeat) with the city. Refusal (4xx) is final; other failures may be retried. */
export async function registerWithCity(
  cityUrl: string,
  token: string,
  payload: RegistrationPayload,
  timeoutMs = 5_000,
): Promise<RegistrationAnswer> {
  const response = await fetch(`${cityUrl}/directory/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(payload),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const body = (await response.json().catch(() => ({}))) as {
    children?: string[];
    cityCode?: string;
    peers?: RegistrationAnswer['peers'];
    error?: { message?: string };
  };
  if (response.status >= 400 && response.status < 500) {
    throw new RegistrationRefused(response.status, `市级节点拒绝注册（HTTP ${response.status}）：${body.error?.message ?? '未知原因'}`);
  }
  if (!response.ok) throw new Error(`市级节点注册接口出错（HTTP ${response.status}）`);
  return { children: body.children ?? [], cityCode: body.cityCode ?? null, peers: body.peers };
}

/**
 * Keeps the node registered: registers now, then again every interval (the heartbeat). Unreachable city:
 * retried with exponential backoff up to the interval. Refusal: reported through onRefused.
 */
export class CityRegistration {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failures = 0;

  constructor(
    private readonly cityUrl: string,
    private readonly token: string,
    private readonly payload: () => RegistrationPayload,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly onRegistered: (answer: RegistrationAnswer) => void,
    private readonly onRefused: (error: RegistrationRefused) => void,
  ) {}

  /** Resolves after the first attempt: registered, refused (rejects), or city unreachable (resolves, keeps trying). */
  async start(): Promise<'registered' | 'pending'> {
    const outcome = await this.attempt();
    if (outcome === 'refused') throw this.lastRefusal!;
    return outcome;
  }

  private lastRefusal: RegistrationRefused | undefined;

  /** Registers now (e.g. to publish a new key); rejects when the city refuses or cannot be reached. */
  async registerNow(): Promise<void> {
    clearTimeout(this.timer);
    const outcome = await this.attempt();
    if (outcome === 'refused') throw this.lastRefusal!;
    if (outcome === 'pending') throw new Error('暂时无法连接市级节点');
  }

  private async attempt(): Promise<'registered' | 'pending' | 'refused'> {
    try {
      const answer = await registerWithCity(this.cityUrl, this.token, this.payload());
      if (this.failures > 0) this.log.info('已重新连上市级节点');
      this.failures = 0;
      this.onRegistered(answer);
      this.schedule(this.intervalMs);
      return 'registered';
    } catch (e) {
      if (e instanceof RegistrationRefused) {
        this.lastRefusal = e;
        this.log.error({ status: e.status }, e.message);
        this.onRefused(e);
        this.schedule(this.intervalMs);
        return 'refused';
      }
      this.failures++;
      const delay = Math.min(this.intervalMs, 500 * 2 ** Math.min(this.failures, 10));
      this.log.warn({ err: (e as Error).message, retryInMs: delay }, '暂时无法连接市级节点，稍后重试');
      this.schedule(delay);
      return 'pending';
    }
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.attempt(), ms);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }
}
