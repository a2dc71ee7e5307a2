// How the model window is spent, as bar segments (fractions of the window). Pure.
import type { ContextBreakdown } from '../../../../shared/answer';

export type SegmentId = 'system' | 'history' | 'documents' | 'message' | 'reserved' | 'margin' | 'free';

export interface MeterSegment {
  id: SegmentId;
  tokens: number;
  /** 0..1 of the window. */
  fraction: number;
}

export function meterSegments(c: ContextBreakdown): MeterSegment[] {
  const window = Math.max(1, c.window);
  const parts: [SegmentId, number][] = [
    ['system', c.system],
    ['history', c.history],
    ['documents', c.documents],
    ['message', c.message],
    ['reserved', c.reservedOutput],
    ['margin', c.margin],
  ];
  const used = parts.reduce((sum, [, n]) => sum + Math.max(0, n), 0);
  parts.push(['free', Math.max(0, window - used)]);
  return parts.map(([id, tokens]) => ({ id, tokens: Math.max(0, tokens), fraction: Math.min(1, Math.max(0, tokens) / window) }));
}

/** Tokens actually sent (everything but the reserved output, margin and free space). */
export function sentTokens(c: ContextBreakdown): number {
  return c.system + c.history + c.documents + c.message;
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(n >= 10_000_000 ? 0 : 1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1000)}k`;
  if (n >= 1_000) return `${(n / 1000).toFixed(1)}k`;
  return String(n);
}
