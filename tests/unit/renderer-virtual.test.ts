import { describe, expect, it } from 'vitest';
import { atBottom, HeightMap, indexAt, visibleRange } from '../../src/renderer/src/components/virtual';
import { createFrameBatcher } from '../../src/renderer/src/stores/frame-batcher';
import { manualFrames } from './renderer-fake-api';

const keys = (n: number) => Array.from({ length: n }, (_, i) => `k${i}`);

describe('windowing', () => {
  it('lays rows out from estimates, then from measurements', () => {
    const h = new HeightMap(100);
    h.setKeys(keys(5));
    expect(h.layout()).toEqual([0, 100, 200, 300, 400, 500]);
    expect(h.measure('k1', 40)).toBe(true);
    expect(h.measure('k1', 40)).toBe(false);
    expect(h.layout()).toEqual([0, 100, 140, 240, 340, 440]);
    expect(h.total()).toBe(440);
  });

  it('renders only the rows near the viewport of a 200-row list', () => {
    const h = new HeightMap(100);
    h.setKeys(keys(200));
    const o = h.layout();
    expect(visibleRange(o, 0, 800, 0)).toEqual({ start: 0, end: 8 });
    expect(visibleRange(o, 10_000, 800, 200)).toEqual({ start: 98, end: 110 });
    const bottom = visibleRange(o, h.total() - 800, 800, 300);
    expect(bottom.end).toBe(200);
    expect(bottom.end - bottom.start).toBeLessThan(20);
  });

  it('finds the row under a position by binary search', () => {
    const o = [0, 10, 30, 60];
    expect([indexAt(o, 0), indexAt(o, 9), indexAt(o, 10), indexAt(o, 59), indexAt(o, 1000)]).toEqual([0, 0, 1, 2, 2]);
    expect(visibleRange([0], 0, 500, 100)).toEqual({ start: 0, end: 0 });
  });

  it('forgets heights of rows that left the list', () => {
    const h = new HeightMap(50);
    h.setKeys(['a', 'b']);
    h.measure('a', 10);
    h.setKeys(['b']);
    h.prune();
    h.setKeys(['a', 'b']);
    expect(h.layout()).toEqual([0, 50, 100]);
  });

  it('knows when the view sits at the bottom', () => {
    expect(atBottom(900, 100, 1000)).toBe(true);
    expect(atBottom(800, 100, 1000)).toBe(false);
  });
});

describe('frame batcher', () => {
  it('applies at most once per frame with the latest value per key', () => {
    const frames = manualFrames();
    const applied: [string, number][][] = [];
    const b = createFrameBatcher<number>((batch) => applied.push([...batch.entries()]), frames.schedule);
    for (let i = 0; i < 100; i++) b.push(i % 2 ? 'a' : 'b', i);
    expect(frames.pending()).toBe(1);
    frames.frame();
    expect(applied).toEqual([[['b', 98], ['a', 99]]]);
    frames.frame();
    expect(applied).toHaveLength(1);
    b.push('a', 1);
    b.flush();
    expect(applied.at(-1)).toEqual([['a', 1]]);
    frames.frame(); // the frame scheduled before the flush finds nothing left
    expect(applied).toHaveLength(2);
  });
});
