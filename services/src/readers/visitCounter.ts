import { createHash, randomBytes } from 'node:crypto';
import type { AnyBulkWriteOperation } from 'mongoose';
import type { NodeContext } from '../node/nodeContext';
import type { VisitDayDoc } from './readersModels';

/** How often counted visits are written (one bulk per minute, whatever the traffic). */
export const VISIT_FLUSH_MS = 60_000;
/** Updates per bulk command (large bulk updates wedge FerretDB v1; see ARCHITECTURE.md). */
const CHUNK = 50;
/** Distinct visitors remembered per scope and day; past it a scope's further visitors are not told apart. */
const MAX_VISITORS_PER_SCOPE = 100_000;

/** User agents of obvious robots (crawlers, monitors, command-line clients, headless browsers) and none at all. */
const BOT_PATTERN =
  /bot|crawl|spider|slurp|baiduspider|yandex|sogou|360spider|bytespider|curl|wget|python|java\/|go-http|okhttp|axios|node-fetch|undici|headless|phantom|puppeteer|playwright|lighthouse|monitor|uptime|pingdom|scanner|feed|rss|preview|facebookexternalhit|^$/i;

export function isBot(userAgent: string | undefined): boolean {
  return BOT_PATTERN.test((userAgent ?? '').trim());
}

/** Recent user agents' verdicts (a site sees few distinct ones): the pattern runs once per user agent. */
const botVerdicts = new Map<string, boolean>();
function isBotCached(userAgent: string | undefined): boolean {
  const ua = userAgent ?? '';
  let verdict = botVerdicts.get(ua);
  if (verdict === undefined) {
    verdict = isBot(ua);
    if (botVerdicts.size >= 2_000) botVerdicts.clear();
    if (ua.length <= 512) botVerdicts.set(ua, verdict);
  }
  return verdict;
}

/** The China-time day (UTC+8) of an instant, `YYYY-MM-DD`: the day statistics are kept by. */
export function chinaDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}

/** What a page view counts towards: the node always, its channel and its article when it has them. */
export interface PageRef {
  channel?: string;
  article?: string;
}

interface DayCounts {
  pv: Map<string, number>;
  uv: Map<string, number>;
  seen: Map<string, Set<number>>;
}

/**
 * Page views and unique visitors per node, channel and article per day, counted in memory (a map increment and
 * one SHA-256 per view: the page does not wait for the database) and written every minute as `$inc` per
 * (day, scope) document. Raw addresses are never stored: a visitor is SHA-256(day's salt, address, user agent),
 * the salt random per day (kept in `visit_salts` for that day so a restart keeps recognising visitors it saw,
 * removed after), and those hashes live only in memory. Obvious robots are not counted.
 */
export class VisitCounter {
  private readonly days = new Map<string, DayCounts>();
  private readonly salts = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private flushing: Promise<void> = Promise.resolve();

  constructor(private readonly node: NodeContext) {}

  /** Loads (or makes) today's salt; forgets older ones. */
  async start(intervalMs = VISIT_FLUSH_MS): Promise<void> {
    await this.saltFor(chinaDay(this.node.now()));
    this.timer = setInterval(
      () => void this.flush().catch((e: Error) => this.node.log.warn({ err: e.message }, '写入访问统计失败')),
      intervalMs,
    );
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.flush();
  }

  /**
   * Counts one page view; false (and nothing counted) for a robot. The visitor hash uses the day's salt, known
   * once start() ran (a view before it — or on a new day before its salt is stored — uses a process salt).
   */
  pageView(ref: PageRef, client: { ip: string | undefined; userAgent: string | undefined }, at = this.node.now()): boolean {
    if (isBotCached(client.userAgent)) return false;
    const day = chinaDay(at);
    // 48 bits of the salted hash as a number: compact in the visitor sets (collisions: ~1 in 10^9 at 100,000 a day).
    const visitor = this.visitorDigest(day, client.ip ?? '', client.userAgent ?? '').readUIntBE(0, 6);
    const counts = this.countsOf(day);
    this.count(counts, 'node', visitor);
    if (ref.channel) this.count(counts, `channel:${ref.channel}`, visitor);
    if (ref.article) this.count(counts, `article:${ref.article}`, visitor);
    return true;
  }

  /** The hash a visitor is known by today (also used to rate-limit and tell entries apart without the address). */
  visitorHash(day: string, ip: string, userAgent: string): string {
    return this.visitorDigest(day, ip, userAgent).toString('base64url').slice(0, 22);
  }

  private visitorDigest(day: string, ip: string, userAgent: string): Buffer {
    let salt = this.salts.get(day);
    if (!salt) {
      salt = randomBytes(16).toString('hex');
      this.salts.set(day, salt);
      void this.saltFor(day);
    }
    return createHash('sha256').update(`${salt}\n${ip}\n${userAgent}`).digest();
  }

  /**
   * Writes what was counted since the last flush; a failed write keeps the counts for the next one. Resolves with
   * the number of (day, scope) documents written.
   */
  flush(): Promise<number> {
    const done = this.flushing.then(() => this.write());
    this.flushing = done.then(
      () => undefined,
      () => undefined,
    );
    return done;
  }

  private async write(): Promise<number> {
    const ops: AnyBulkWriteOperation<VisitDayDoc>[] = [];
    const taken: [string, DayCounts, Map<string, number>, Map<string, number>][] = [];
    for (const [day, counts] of this.days) {
      if (counts.pv.size === 0) continue;
      taken.push([day, counts, counts.pv, counts.uv]);
      for (const [scope, pv] of counts.pv) {
        ops.push({
          updateOne: {
            filter: { _id: `${day}|${scope}` },
            update: { $inc: { pv, uv: counts.uv.get(scope) ?? 0 }, $setOnInsert: { day, scope } },
            upsert: true,
          },
        });
      }
      counts.pv = new Map();
      counts.uv = new Map();
    }
    try {
      for (let i = 0; i < ops.length; i += CHUNK) await this.node.models.VisitDay.bulkWrite(ops.slice(i, i + CHUNK), { ordered: false });
    } catch (e) {
      // Put the counts back: a write of this batch may be repeated in part, which over-counts at most one minute.
      for (const [, counts, pv, uv] of taken) {
        for (const [s, n] of pv) counts.pv.set(s, (counts.pv.get(s) ?? 0) + n);
        for (const [s, n] of uv) counts.uv.set(s, (counts.uv.get(s) ?? 0) + n);
      }
      this.node.log.warn({ err: (e as Error).message }, '写入访问统计失败，稍后重试');
      return 0;
    }
    await this.forgetOldDays();
    return ops.length;
  }

  private countsOf(day: string): DayCounts {
    let counts = this.days.get(day);
    if (!counts) {
      counts = { pv: new Map(), uv: new Map(), seen: new Map() };
      this.days.set(day, counts);
    }
    return counts;
  }

  private count(counts: DayCounts, scope: string, visitor: number): void {
    counts.pv.set(scope, (counts.pv.get(scope) ?? 0) + 1);
    let seen = counts.seen.get(scope);
    if (!seen) {
      seen = new Set();
      counts.seen.set(scope, seen);
    }
    if (seen.size < MAX_VISITORS_PER_SCOPE && !seen.has(visitor)) {
      seen.add(visitor);
      counts.uv.set(scope, (counts.uv.get(scope) ?? 0) + 1);
    }
  }

  /** Keeps today and yesterday (a view near midnight); older days' visitors and salts are dropped. */
  private async forgetOldDays(): Promise<void> {
    const today = chinaDay(this.node.now());
    const yesterday = chinaDay(new Date(this.node.now().getTime() - 86_400_000));
    for (const day of [...this.days.keys()])
      if (day !== today && day !== yesterday && this.days.get(day)!.pv.size === 0) this.days.delete(day);
    for (const day of [...this.salts.keys()]) {
      if (day !== today && day !== yesterday) {
        this.salts.delete(day);
        await this.node.models.VisitSalt.deleteOne({ _id: day }).catch(() => undefined);
      }
    }
  }

  /** The stored salt of a day, or a new one stored (insert-only: two processes agree on the first one written). */
  private async saltFor(day: string): Promise<string> {
    try {
      const held = await this.node.models.VisitSalt.findById(day).lean();
      if (held) {
        this.salts.set(day, held.salt);
        return held.salt;
      }
      const salt = this.salts.get(day) ?? randomBytes(16).toString('hex');
      try {
        await this.node.models.VisitSalt.create({ _id: day, salt });
        this.salts.set(day, salt);
        return salt;
      } catch {
        const first = await this.node.models.VisitSalt.findById(day).lean();
        if (first) this.salts.set(day, first.salt);
        return first?.salt ?? salt;
      }
    } catch (e) {
      this.node.log.warn({ err: (e as Error).message }, '读取访问统计盐值失败');
      return this.salts.get(day) ?? '';
    }
  }
}
