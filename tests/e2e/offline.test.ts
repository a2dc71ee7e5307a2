// The offline path in the browser: with Kimi unreachable the desk answers from the catalog (labelled as not
// written by AI, with citations) and keeps the question; when the link returns, one action asks it online.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { returnAnswer } from '../support/e2e-catalog';
import { DeskUi, sel } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { startWorld, type E2EWorld } from '../support/e2e-fixture';

const available = e2eAvailable();

describe.skipIf(!available)('desk in the browser: offline', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;

  beforeAll(async () => {
    world = await startWorld({ script: { ttftMs: 50, tokensPerSecond: 200, answer: returnAnswer } });
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
  });

  it('answers from the catalog while Kimi is unreachable, keeps the question, and re-asks it online', async () => {
    world.relay.setOnline(false);
    desk = await openDesk(world.browser, world.server);
    const ui = new DeskUi(desk.page);
    const page = ui.page;
    const question = 'Can I return the X200 laptop after two weeks?';
    await ui.ask(question);

    const answer = await ui.waitAnswerSettled(60_000);
    expect(await answer.getAttribute('data-status')).toBe('offline');
    await answer.locator(sel.offlineLabel).waitFor();
    expect(await answer.innerText()).toMatch(/30 days/);
    expect(await answer.locator(sel.citation).count()).toBeGreaterThanOrEqual(1);
    expect(await page.locator(sel.question).last().innerText()).toContain(question);
    await ui.until(() => page.locator(sel.connectivity).first().getAttribute('data-state'), (s) => /offline|degraded/.test(s ?? ''), 30_000, 'the connectivity state');
    await screenshot(page, 'chat-offline');
    const before = world.kimi.chatCount;

    // back online: the kept question is asked with one action and answered by the model
    world.relay.setOnline(true);
    await page.locator(sel.askOnline).first().click();
    await ui.lastStatus((s) => s === 'complete', 60_000);
    expect(world.kimi.chatCount).toBeGreaterThan(before);
    expect(await ui.lastAnswer().innerText()).toContain('original packaging');
    await screenshot(page, 'chat-back-online');
    expect(desk.errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  }, 120_000);
});
