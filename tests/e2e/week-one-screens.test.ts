// The desk at 1024×768 and 1440×900 in English, Chinese and Korean (screenshots in test-results/screenshots):
// below 1200 px the side panels collapse behind toggles and the conversation takes the width; the context meter
// sits below the sources; dates follow the app's language (not the browser's); Korean breaks between words only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { DeskUi, sel } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { startWorld, type E2EWorld } from '../support/e2e-fixture';
import { MARKDOWN_ANSWER } from './week-one-fixtures';

const available = e2eAvailable();

describe.skipIf(!available)('desk in the browser: narrow and wide, en / zh / ko', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;

  beforeAll(async () => {
    world = await startWorld({ script: { ttftMs: 30, tokensPerSecond: 400, chunkChars: 12, answer: MARKDOWN_ANSWER } });
    await world.server.invoke('chat.ask', { text: 'Can the customer return the X200 laptop?' });
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
  });

  const box = async (ui: DeskUi, selector: string) => (await ui.page.locator(selector).first().boundingBox())!;

  for (const lang of ['en', 'zh', 'ko'] as const) {
    it(`${lang}: 1024×768 collapses the side panels; 1440×900 shows all three; dates in ${lang}`, async () => {
      await world.server.invoke('settings.set', { language: lang });
      await desk?.close();
      // the browser says English: the app's language must win anyway
      desk = await openDesk(world.browser, world.server, { viewport: { width: 1024, height: 768 }, locale: 'en-US' });
      const ui = new DeskUi(desk.page);
      const page = ui.page;
      // narrow: the sessions open from their toggle and close once one is picked
      await page.click('[data-testid="toggle-sessions"]');
      await page.locator(sel.sessionItem).first().click();
      await ui.waitAnswerSettled();
      await page.locator('[data-testid="sessions-panel"]').waitFor({ state: 'hidden' });
      const conversation = await box(ui, '.conversation');
      expect(conversation.width).toBeGreaterThanOrEqual(1000);
      expect(await page.locator('[data-testid="sessions-panel"]').isVisible()).toBe(false);
      expect(await page.locator('[data-testid="side"]').isVisible()).toBe(false);
      await screenshot(page, `week1-${lang}-1024`);
      await page.click('[data-testid="toggle-sessions"]');
      await page.locator('[data-testid="sessions-panel"]').waitFor({ state: 'visible' });
      await page.waitForTimeout(150);
      await screenshot(page, `week1-${lang}-1024-sessions`);
      await page.keyboard.press('Escape');
      await page.locator('[data-testid="sessions-panel"]').waitFor({ state: 'hidden' });
      await ui.lastAnswer().locator(sel.citation).first().click();
      await page.locator(sel.sourceDoc).waitFor();
      expect(await page.locator('[data-testid="side"]').isVisible()).toBe(true);
      await screenshot(page, `week1-${lang}-1024-source`);

      await page.setViewportSize({ width: 1440, height: 900 });
      await page.locator('[data-testid="sessions-panel"]').waitFor({ state: 'visible' });
      const sources = await box(ui, sel.sourcePanel);
      const meter = await box(ui, '[data-testid="context-meter"], .context-meter, .meter');
      expect(meter.y).toBeGreaterThan(sources.y);
      expect((await box(ui, '.conversation')).width).toBeGreaterThan(700);
      await screenshot(page, `week1-${lang}-1440`);

      if (lang === 'ko') expect(await page.evaluate(`getComputedStyle(document.querySelector('.bubble-answer')).wordBreak`)).toBe('keep-all');
      await ui.go('catalog');
      const updated = await ui.textOf('[data-testid="catalog-stat-last-update"] dd', (t) => /\d/.test(t));
      if (lang === 'zh') expect(updated).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
      if (lang === 'ko') expect(updated).toMatch(/\d{4}\. \d{1,2}\. \d{1,2}\./);
      if (lang === 'en') expect(updated).toMatch(/[A-Z][a-z]{2} \d{1,2}, \d{4}/);
      expect(desk.errors).toEqual([]);
    }, 120_000);
  }
});
