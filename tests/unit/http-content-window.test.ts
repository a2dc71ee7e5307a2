// The chat stream's content window (http/chat-stream.ts windowFor): the base cadence for a desk with few streams,
// growing with the live streams of the process to at most WINDOW_MAX × base at the peak.
import { describe, expect, it } from 'vitest';
import { WINDOW_MAX, WINDOW_STREAMS, windowFor } from '../../src/main/http/chat-stream';

describe('content window', () => {
  it('keeps the base window up to WINDOW_STREAMS live streams', () => {
    for (const live of [0, 1, 10, WINDOW_STREAMS]) expect(windowFor(100, live)).toBe(100);
  });

  it('grows in proportion to the live streams beyond that', () => {
    expect(windowFor(100, 2 * WINDOW_STREAMS)).toBe(200);
    expect(windowFor(100, 210)).toBe(Math.round((100 * 210) / WINDOW_STREAMS));
    expect(windowFor(100, 210)).toBeGreaterThan(windowFor(100, 150));
  });

  it('never passes WINDOW_MAX × base, however many streams are live', () => {
    expect(windowFor(100, 100_000)).toBe(100 * WINDOW_MAX);
    expect(windowFor(60, WINDOW_STREAMS * WINDOW_MAX * 3)).toBe(60 * WINDOW_MAX);
  });

  it('is 0 when there is no window (deltas of one tick merged only)', () => {
    expect(windowFor(0, 500)).toBe(0);
  });
});
