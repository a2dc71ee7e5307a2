// The `/v1` JSON endpoints answered through the contract dispatcher (the same handlers IPC uses), so the HTTP
// layer needs nothing from the Desk beyond dispatch, bus and engine.
import type { InvokeResult } from '../../shared/contract';
import type { Dispatch } from '../routes';
import { HttpInputError, type HttpServerDeps, type UpstreamStatus, type UsageRange } from './types';

async function call(dispatch: Dispatch, route: string, input: unknown): Promise<unknown> {
  const r: InvokeResult<unknown> = await dispatch(route, input, { transport: 'http' });
  if (r.ok) return r.data;
  if (r.error.code === 'invalid_input') throw new HttpInputError(r.error.message, r.error.field);
  throw new Error(`${route}: ${r.error.message}`);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** `settings.get` (base URL) + `connectivity.get` (state, reason) → the health endpoint's upstream block. */
export async function upstreamFromDispatch(dispatch: Dispatch): Promise<UpstreamStatus> {
  const [settings, conn] = await Promise.all([call(dispatch, 'settings.get', {}), call(dispatch, 'connectivity.get', {})]);
  const baseUrl = isRecord(settings) && typeof settings.baseUrl === 'string' ? settings.baseUrl : '';
  const state = isRecord(conn) ? conn.state : undefined;
  const checked = isRecord(conn) && typeof conn.checkedAt === 'string';
  const reason = isRecord(conn) && typeof conn.reason === 'string' ? conn.reason : null;
  return {
    baseUrl,
    reachable: state === 'online' ? true : state === 'offline' && checked ? false : state === 'degraded' ? true : null,
    lastError: state === 'online' ? null : reason,
  };
}

export function v1FromDispatch(dispatch: Dispatch): Pick<HttpServerDeps, 'upstream' | 'pricing' | 'usage' | 'usageCsv'> {
  const range = (r: UsageRange): UsageRange => ({ ...(r.since ? { since: r.since } : {}), ...(r.until ? { until: r.until } : {}) });
  return {
    upstream: () => upstreamFromDispatch(dispatch),
    pricing: async () => {
      const prices = await call(dispatch, 'pricing.list', {});
      return { currency: 'USD', unit: 'per 1M tokens', prices };
    },
    usage: (r) => call(dispatch, 'usage.report', range(r)),
    usageCsv: async (r) => {
      const out = await call(dispatch, 'usage.csv', range(r));
      return isRecord(out) && typeof out.csv === 'string' ? out.csv : '';
    },
  };
}

/** The upstream as the desk's connectivity monitor saw it: `reachable` stays null until something was tried. */
export function upstreamFromConnectivity(c: { get(): { baseUrl: string; reachable: boolean | null; lastError: string | null } }, baseUrl: () => string): UpstreamStatus {
  const snap = c.get();
  return { baseUrl: baseUrl(), reachable: snap.reachable, lastError: snap.lastError };
}
