// One end-to-end world: the fake Kimi (behind a switchable relay), `deskmate serve` on a temp data dir with
// the fixture catalog imported, and Debian's Chromium. Shared by the e2e test files and the renderer bench.
import type { Browser } from 'playwright-core';
import { startFakeKimi, type FakeKimi, type FakeKimiScript } from './fake-kimi';
import { launchChromium } from './e2e-browser';
import { fixtureJsonl } from './e2e-catalog';
import { ensureRendererBuilt } from './e2e-env';
import { startDeskServe, startRelay, type DeskServer, type SwitchableRelay } from './e2e-server';

export interface E2EWorld {
  kimi: FakeKimi;
  relay: SwitchableRelay;
  server: DeskServer;
  browser: Browser;
  close(): Promise<void>;
}

export interface WorldOptions {
  script?: Partial<FakeKimiScript>;
  /** Import the fixture catalog (default true). */
  catalog?: boolean;
  env?: Record<string, string>;
}

function okData(r: unknown, what: string): unknown {
  if (typeof r === 'object' && r !== null && 'ok' in r && (r as { ok: unknown }).ok === true) return (r as { data?: unknown }).data;
  throw new Error(`${what} failed: ${JSON.stringify(r).slice(0, 500)}`);
}

export async function startWorld(opts: WorldOptions = {}): Promise<E2EWorld> {
  await ensureRendererBuilt();
  const kimi = await startFakeKimi({ script: opts.script });
  const relay = await startRelay(kimi.port);
  let server: DeskServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startDeskServe({ kimiUrl: relay.url, env: opts.env });
    if (opts.catalog !== false) okData(await server.invoke('catalog.importText', { fileName: 'e2e-catalog.jsonl', content: fixtureJsonl() }), 'catalog.importText');
    browser = await launchChromium();
  } catch (err) {
    await server?.stop();
    await relay.close();
    await kimi.close();
    throw err;
  }
  const s = server;
  const b = browser;
  return {
    kimi,
    relay,
    server: s,
    browser: b,
    async close() {
      await b.close().catch(() => undefined);
      await s.stop();
      await relay.close();
      await kimi.close();
    },
  };
}

export { okData };
