// The chat stream's content window (http/chat-stream.ts windowFor): the base cadence for a desk with few streams,
// growing with the live streams of the process to at most WINDOW_MAX × base at the peak.
import { describe, expect, it } from 'vitest';
import { alignedPace, WINDOW_MAX, WINDOW_STREAMS, windowFor } from '../../src/main/http/chat-stream';

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

  it('paced reads end on the grid: streams that read at different times read again at the same instant', () => {
    const grid = 100;
    const ends = [1_031, 1_055, 1_080, 1_003, 1_098].map((now) => now + alignedPace(420, grid, now));
    for (const end of ends) expect(end % grid).toBe(0);
    expect(ends.slice(0, 3)).toEqual([1_500, 1_500, 1_500]); // reads up to a grid step apart meet
    // about a window apart: never less than window − grid/2, less than window + grid/2
    for (const now of [0, 1, 49, 50, 51, 99, 12_345.6]) {
      const hold = alignedPace(420, grid, now);
      expect(hold).toBeGreaterThanOrEqual(420 - grid / 2);
      expect(hold).toBeLessThan(420 + grid / 2);
    }
    expect(alignedPace(420, 0, 1_003)).toBe(420); // no grid: the window itself
  });
});
