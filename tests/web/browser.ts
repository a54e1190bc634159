import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium, installed by scripts/ensure-test-tools.sh (called from .ci/run). */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const ARTIFACTS = join(__dirname, '..', 'artifacts', 'web');

/**
 * `describe` when chromium is installed; otherwise `describe.skip` with a message saying why, so a developer
 * machine without a browser skips the browser tests instead of failing them.
 */
export function describeInBrowser(name: string, fn: () => void): void {
  if (hasChromium) {
    describe(name, fn);
    return;
  }
  process.stderr.write(`[tests/web] skipped "${name}": ${CHROMIUM} not found — run scripts/ensure-test-tools.sh (as root) to install it\n`);
  describe.skip(name, fn);
}

export interface Browser {
  /** The default context (the fresh profile). */
  context: BrowserContext;
  page(): Promise<Page>;
  /** Another context in the same browser: its own cookies (a second user), or other options (no JavaScript). */
  newContext(options?: Parameters<import('playwright-core').Browser['newContext']>[0]): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** Headless chromium with a fresh profile, no network beyond what the pages ask of the test's own servers. */
export async function launchBrowser(): Promise<Browser> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'djnet-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'zh-CN',
    viewport: { width: 1280, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  const browser = context.browser();
  if (!browser) throw new Error('playwright-core gave no browser for the persistent context');
  return {
    context,
    page: () => context.newPage(),
    newContext: (options) => browser.newContext(options),
    close: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

/** Runs axe-core (WCAG 2.0/2.1 A and AA rules, plus best practices) in the page; returns serious and critical violations. */
export async function seriousAxeViolations(page: Page): Promise<AxeViolation[]> {
  // Evaluated through the DevTools protocol, so the console's Content-Security-Policy (no inline script) does not block it.
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as {
        axe: {
          run(
            ctx: unknown,
            opts: unknown,
          ): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }>;
        };
      }
    ).axe;
    const result = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => JSON.stringify(n.target)),
    }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

export function artifact(name: string): string {
  return join(ARTIFACTS, name);
}

/** Signs in to a node's console as a test account (password of tests/support/accounts) and waits for the dashboard. */
export async function logIn(page: Page, url: string, username: string): Promise<void> {
  await page.goto(`${url}/admin/login`);
  await page.fill('#f-username', username);
  await page.fill('#f-password', 'dangjian2024');
  await page.click('button[type=submit]:has-text("登录")');
  await page.waitForSelector('h1:has-text("工作台")');
}
