import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { API_KEYS, type Stack, type StackOptions, startStack } from './stack.js';

const require = createRequire(import.meta.url);

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOTS = join(import.meta.dirname, '../browser/screenshots');

export interface Studio {
  stack: Stack;
  url: string;
  /** A new tab; what it logs as an error and its uncaught exceptions are kept in `problems`. */
  open(hash?: string): Promise<Page>;
  /** Uncaught exceptions and console errors of every page opened so far. */
  problems: string[];
  close(): Promise<void>;
}

export interface StudioOptions extends StackOptions {
  /** Hand the page the admin key, as `npm start` does on the simulator; otherwise the page asks for one. */
  signedIn?: boolean;
}

/** Simulator, gateway and a fresh headless Chromium profile, as a person would open the studio. */
export async function startStudio(options: StudioOptions = {}): Promise<Studio> {
  const { signedIn = true, ...stackOptions } = options;
  const stack = await startStack({
    ...stackOptions,
    simulator: { seedDemoAssets: true, ...stackOptions.simulator },
    ...(signedIn ? { developmentKey: API_KEYS.admin } : {}),
  });
  const profile = mkdtempSync(join(tmpdir(), 'caption-studio-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
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
  } catch (error) {
    await stack.close();
    throw error;
  }
  const problems: string[] = [];
  return {
    stack,
    url: stack.gateway.url,
    problems,
    async open(hash = '') {
      const page = await context.newPage();
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      page.on('console', (message) => {
        if (message.type() === 'error') problems.push(`console: ${message.text()}`);
      });
      await page.goto(`${stack.gateway.url}/${hash}`);
      return page;
    },
    async close() {
      await context.close();
      await stack.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The whole page, or with `fullPage: false` what a person sees in the window right now. */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now, one line each. */
export async function seriousAxeViolations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ violations: unknown[] }> } }).axe;
    return (await axe.run(document)).violations;
  });
  return (violations as AxeViolation[])
    .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
    .map((violation) => {
      const where = violation.nodes.map((node) => node.target.join(' ')).join(', ');
      return `${violation.id} (${violation.impact}): ${violation.help} at ${where}`;
    });
}
