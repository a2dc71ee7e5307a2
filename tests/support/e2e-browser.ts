// Launches Debian's Chromium through playwright-core and opens the desk in browser mode, collecting page
// errors so a test can assert the renderer ran cleanly. Screenshots go to test-results/screenshots.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, chromiumPath, SCREENSHOT_DIR } from './e2e-env';
import type { DeskServer } from './e2e-server';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: CHROMIUM_ARGS });
}

export interface DeskPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught page errors and console errors seen so far. */
  errors: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  locale?: string;
  viewport?: { width: number; height: number };
  /** Wait for this selector after load (default: the app shell). */
  readySelector?: string;
}

/** Opens `/#token=…` (the page keeps the token in sessionStorage) and waits for the app shell. */
export async function openDesk(browser: Browser, server: DeskServer, opts: OpenOptions = {}): Promise<DeskPage> {
  const context = await browser.newContext({
    locale: opts.locale ?? 'en-US',
    viewport: opts.viewport ?? { width: 1280, height: 800 },
    acceptDownloads: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // every console error counts, CSP reports included (zod's eval probe is off: src/renderer/src/zod-setup.ts)
    errors.push(`console: ${m.text()}`);
  });
  await page.goto(server.signInUrl, { waitUntil: 'load' });
  await page.waitForSelector(opts.readySelector ?? '[data-testid="app-shell"]', { timeout: 20_000 });
  return { context, page, errors, close: () => context.close() };
}

/** The tallest scrolled content on the page (the app shell scrolls inside its panels, not the document). */
const CONTENT_HEIGHT = `Math.max(document.documentElement.scrollHeight, ...[...document.querySelectorAll('main, main *')].map((e) => e.scrollHeight + e.getBoundingClientRect().top))`;

/**
 * Saves a PNG to test-results/screenshots/NAME.png and returns its path. The viewport is stretched for the
 * shot to the height of the content (capped at 3,000 px) so screens that scroll inside a panel show whole.
 */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const size = page.viewportSize();
  const height = Math.min(3_000, Math.ceil(Number(await page.evaluate(CONTENT_HEIGHT))));
  if (size && height > size.height) {
    await page.setViewportSize({ width: size.width, height });
    await page.waitForTimeout(100);
  }
  try {
    await page.screenshot({ path, fullPage: true });
  } finally {
    if (size && height > size.height) await page.setViewportSize(size);
  }
  return path;
}
