// Page object of the desk for the browser tests and the renderer benchmark: every selector of the app
// shell and chat lives here, so a markup change is fixed in one place.
import type { Locator, Page } from 'playwright-core';

export type Screen = 'chat' | 'dashboard' | 'catalog' | 'settings';

export const sel = {
  shell: '[data-testid="app-shell"]',
  nav: (s: Screen) => `[data-testid="nav-${s}"]`,
  screen: (s: Screen) => `[data-testid="${s === 'chat' ? 'chat' : s}"]`,
  composer: '[data-testid="composer"]',
  send: '[data-testid="send"]',
  stop: '[data-testid="stop"]',
  turn: '[data-testid="turn"]',
  answer: '[data-testid="turn"][data-speaker="assistant"]',
  question: '[data-testid="turn"][data-speaker="customer"]',
  citation: '[data-testid^="citation-"]',
  sourcePanel: '[data-testid="sources"]',
  sourceDoc: '[data-testid="source-doc"]',
  sessionItem: '[data-testid="session-item"]',
  newSession: '[data-testid="new-session"]',
  connectivity: '[data-testid="connectivity"]',
  askOnline: '[data-testid="ask-online"]',
  offlineLabel: '[data-testid="offline-label"]',
};

export class DeskUi {
  constructor(readonly page: Page) {}

  async go(screen: Screen): Promise<void> {
    await this.page.click(sel.nav(screen));
    await this.page.waitForSelector(sel.screen(screen));
  }

  /** Types the question and sends it with the Send button. */
  async ask(text: string): Promise<void> {
    await this.page.fill(sel.composer, text);
    await this.page.click(sel.send);
  }

  answers(): Locator {
    return this.page.locator(sel.answer);
  }

  lastAnswer(): Locator {
    return this.answers().last();
  }

  /** Polls `read` until `ok` holds for its value (or throws after `timeoutMs` with the last value seen). */
  async until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000, what = 'condition'): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: T | undefined;
    for (;;) {
      last = await read().catch(() => undefined as T);
      if (last !== undefined && ok(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last value: ${JSON.stringify(last)})`);
      await this.page.waitForTimeout(50);
    }
  }

  /** The last answer's data-status once `ok` holds for it. */
  lastStatus(ok: (status: string | null) => boolean, timeoutMs = 30_000): Promise<string | null> {
    return this.until(async () => (await this.answers().count()) ? this.lastAnswer().getAttribute('data-status') : null, ok, timeoutMs, 'the last answer status');
  }

  /** Waits until the last answer has a final status (not streaming) and returns it. */
  async waitAnswerSettled(timeoutMs = 30_000): Promise<Locator> {
    await this.lastStatus((s) => !!s && s !== 'streaming' && s !== 'pending', timeoutMs);
    return this.lastAnswer();
  }

  /** The inner text of `selector` once `ok` holds for it. */
  textOf(selector: string, ok: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
    return this.until(() => this.page.locator(selector).first().innerText(), ok, timeoutMs, `text of ${selector}`);
  }
}
