// Browser mode end to end: the real renderer (out/renderer) in Debian's Chromium against `deskmate serve`
// and the fake Kimi. Ask → streamed answer with citations → open a citation → the dashboard shows that
// request; stop mid-stream keeps the partial answer; a cited manual marks the passages sent; a quota error is explained and the question kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { faults } from '../support/fake-kimi';
import { openDesk, screenshot, type DeskPage } from '../support/e2e-browser';
import { docNumberOf, longAnswer, returnAnswer } from '../support/e2e-catalog';
import { DeskUi, sel } from '../support/e2e-desk';
import { e2eAvailable } from '../support/e2e-env';
import { okData, startWorld, type E2EWorld } from '../support/e2e-fixture';
import { formatUsd } from '../../src/renderer/src/features/dashboard/scale';

const available = e2eAvailable();

describe.skipIf(!available)('desk in the browser: ask, cite, measure', () => {
  let world: E2EWorld;
  let desk: DeskPage | null = null;

  beforeAll(async () => {
    world = await startWorld({ script: { ttftMs: 250, tokensPerSecond: 40, chunkChars: 4, answer: returnAnswer } });
  }, 300_000);

  afterAll(async () => {
    await desk?.close();
    await world?.close();
  });

  async function fresh(): Promise<DeskUi> {
    await desk?.close();
    desk = await openDesk(world.browser, world.server);
    return new DeskUi(desk.page);
  }

  it('streams an answer with citations, opens a citation, and the dashboard shows its latency and cost', async () => {
    const ui = await fresh();
    const page = ui.page;
    await ui.ask('Can the customer return the X200 laptop?');

    // the question shows at once; the answer grows while it streams
    await page.locator(sel.question).last().waitFor();
    const answer = ui.lastAnswer();
    await answer.waitFor();
    await ui.lastStatus((s) => s === 'streaming');
    // part of the text is on screen while the answer is still being written
    const early = (await ui.until(async () => ({ text: await answer.innerText(), status: await answer.getAttribute('data-status') }), (v) => v.text.length > 20, 20_000, 'streamed text')).text.length;
    expect(await answer.getAttribute('data-status')).toBe('streaming');
    await screenshot(page, 'chat-streaming');
    await ui.waitAnswerSettled();
    const text = await answer.innerText();
    expect(text.length).toBeGreaterThan(early);
    expect(text).toContain('30 days');
    expect(await answer.getAttribute('data-status')).toBe('complete');

    // citations are links to the documents that were sent
    const citations = answer.locator(sel.citation);
    expect(await citations.count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'chat-answer');
    await citations.first().click();
    const doc = page.locator(sel.sourceDoc);
    await doc.waitFor();
    expect(await doc.innerText()).toContain('Aurora X200 Laptop');
    await screenshot(page, 'chat-citation-open');

    // the ledger row of that request shows on the dashboard
    const report = okData(await world.server.invoke('usage.report', {}), 'usage.report') as { totals: { requests: number; costUsd: number } };
    expect(report.totals.requests).toBe(1);
    await ui.go('dashboard');
    await ui.textOf('[data-testid="kpi-requests"] dd', (t) => t === '1');
    const cost = await page.locator('[data-testid="kpi-cost"] dd').innerText();
    expect(report.totals.costUsd).toBeGreaterThan(0);
    expect(cost).toBe(formatUsd(report.totals.costUsd, 'en'));
    const ttft = await page.locator('[data-testid="kpi-ttft-p50"] dd').innerText();
    expect(ttft).toMatch(/^\d+ ms$/);
    expect(Number.parseInt(ttft, 10)).toBeGreaterThanOrEqual(250); // the fake waits 250 ms before the first token
    expect(await page.locator('[data-testid="kpi-latency-p50"] dd').innerText()).toMatch(/\d/);
    // the charts (recharts) draw that request: a single bucket shows as bars (p50 and p95), one bar for the day
    const ttftBars = page.locator('[data-testid="chart-ttft"] .recharts-bar-rectangle');
    await ui.until(() => ttftBars.count(), (n) => n === 2, 10_000, 'the TTFT bars');
    expect(await page.locator('[data-testid="chart-cost-day"] .recharts-bar-rectangle path, [data-testid="chart-cost-day"] .recharts-bar-rectangle rect').count()).toBeGreaterThanOrEqual(1);
    // hovering shows the values, written as the KPI writes them
    await ttftBars.first().hover();
    await ui.textOf('[data-testid="chart-ttft"] .recharts-tooltip-wrapper', (t) => t.includes(ttft), 10_000);
    await page.locator('[data-testid="chart-latency"] .recharts-bar-rectangle').last().hover();
    await ui.textOf('[data-testid="chart-latency"] .recharts-tooltip-wrapper', (t) => /\d/.test(t), 10_000);
    await screenshot(page, 'dashboard');
    // the last 24 hours in hourly buckets hold the same request (in the current hour)
    await page.click('[data-testid="range-24h"]');
    await ui.until(() => page.locator('[data-testid="chart-ttft"] svg text').allTextContents(), (texts) => texts.some((t) => /^\d{2}:00$/.test(t.trim())), 10_000, 'hourly labels');
    expect(await ttftBars.count()).toBe(2);
    expect(await page.locator('[data-testid="kpi-requests"] dd').innerText()).toBe('1');
    await page.click('[data-testid="range-7d"]');

    // CSV export downloads the same report
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="export-csv"]')]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const path = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(path, 'utf8');
    expect(csv.split(/\r?\n/)[0]).toContain('cost_usd');
    expect(csv.split(/\r?\n/).filter(Boolean)).toHaveLength(2);
    // the same rows `GET /v1/usage` answers with Accept: text/csv
    const v1 = await fetch(`${world.server.url}/v1/usage`, { headers: { accept: 'text/csv', authorization: `Bearer ${world.server.token}` } });
    expect(v1.status).toBe(200);
    expect(await v1.text()).toBe(csv);
    expect(desk?.errors).toEqual([]);
  }, 90_000);

  it('stop mid-stream keeps the partial answer', async () => {
    world.kimi.setScript({ ttftMs: 100, tokensPerSecond: 25, answer: longAnswer(400) });
    const ui = await fresh();
    const page = ui.page;
    await ui.ask('What comes in the X200 box?');
    const answer = ui.lastAnswer();
    await ui.lastStatus((s) => s === 'streaming');
    await ui.until(() => answer.innerText(), (t) => t.length > 40, 20_000, 'some streamed text');
    await page.click(sel.stop);
    await ui.waitAnswerSettled();
    expect(await answer.getAttribute('data-status')).toBe('interrupted');
    const partial = await answer.innerText();
    expect(partial).toContain('The X200 ships');
    expect(partial.length).toBeLessThan(longAnswer(400).length);
    await world.kimi.waitFor(() => world.kimi.aborted >= 1, 5_000); // the stop reached the upstream request
    await screenshot(page, 'chat-stopped');
    // the partial text survives a reload (it was persisted, not just shown)
    await page.reload();
    await page.waitForSelector(sel.shell);
    await page.locator(sel.sessionItem).first().click();
    await page.locator(sel.answer).last().waitFor();
    expect(await page.locator(sel.answer).last().getAttribute('data-status')).toBe('interrupted');
    expect(await page.locator(sel.answer).last().innerText()).toContain('The X200 ships');
  }, 90_000);

  it('a cited product with a long manual: its source marks the passages that were sent', async () => {
    const sections = Array.from({ length: 16 }, (_, i) =>
      i === 11
        ? 'Descaling: fill the kettle with white vinegar and water, boil once, leave it for an hour, then rinse twice.'
        : `Section ${i}. Keep the base dry and wipe the outside with a soft cloth; the appliance switches off when it boils or when it is lifted, and the lid opens with the button on the handle.`,
    );
    const manual = sections.join('\n\n');
    const kettle = { product_id: 'KET-ZEP-1', product_name: 'Zephyr Kettle', category: 'Kitchen', stock_status: 'in_stock', manual, faq_answers: ['Holds 1.7 litres.'] };
    okData(await world.server.invoke('catalog.importText', { fileName: 'kettle.jsonl', content: `${JSON.stringify(kettle)}\n` }), 'catalog.importText');
    world.kimi.setScript({ ttftMs: 50, tokensPerSecond: 200, answer: (req) => `Fill it with white vinegar and water, boil once and rinse [Doc-${docNumberOf(req, 'KET-ZEP-1') ?? 1}].` });
    const ui = await fresh();
    const page = ui.page;
    await ui.ask('How do I descale the Zephyr kettle?');
    await ui.waitAnswerSettled();
    const answer = ui.lastAnswer();
    expect(await answer.getAttribute('data-status')).toBe('complete');
    await answer.locator(sel.citation).first().click();
    const doc = page.locator(sel.sourceDoc);
    await doc.waitFor();
    expect(await doc.innerText()).toContain('Zephyr Kettle');
    // the whole manual shows; the descaling passage is marked as sent, the sections the question is not about are not
    const marks = doc.locator('[data-testid="sent-passage"]');
    await ui.until(() => marks.count(), (n) => n >= 1, 10_000, 'marked passages');
    const marked = await marks.allInnerTexts();
    expect(marked.join(' ')).toContain('Descaling: fill the kettle with white vinegar');
    expect(marked.join(' ')).not.toContain('Section 0.');
    expect(await doc.innerText()).toContain('Section 0.');
    expect(await doc.locator('[data-testid="manual-sent-note"]').innerText()).toMatch(/passages sent/);
    await screenshot(page, 'chat-manual-passages');
    expect(desk?.errors).toEqual([]);
  }, 60_000);

  it('a quota error shows a clear message and keeps the question', async () => {
    world.kimi.setScript({ ttftMs: 50, tokensPerSecond: 200, answer: returnAnswer });
    world.kimi.enqueue(faults.quota429());
    const ui = await fresh();
    const page = ui.page;
    const question = 'Does the N9 phone support eSIM?';
    const before = world.kimi.chatCount;
    await ui.ask(question);
    const alert = page.locator('[role="alert"]').filter({ hasText: /quota|balance|credit/i });
    await alert.first().waitFor({ timeout: 20_000 }).catch(async (err: unknown) => {
      await screenshot(page, 'chat-quota-error-FAILED');
      const seen = world.kimi.requests.slice(-3).map((r) => `${r.method} ${r.path} completed=${r.completed} aborted=${r.aborted}`);
      throw new Error(`no quota message; last Kimi requests: ${seen.join(' | ')}; last answer: ${await ui.lastAnswer().innerText().catch(() => '-')}`, { cause: err });
    });
    expect(await alert.first().innerText()).toMatch(/out of credit|quota|balance/i);
    // the question stays: in the conversation, and stored
    expect(await page.locator(sel.question).last().innerText()).toContain(question);
    await screenshot(page, 'chat-quota-error');
    await new Promise((r) => setTimeout(r, 500));
    expect(world.kimi.chatCount - before).toBe(1); // a quota error is never retried
  }, 60_000);
});
