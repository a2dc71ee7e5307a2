import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { formatMs, formatUsd } from '../scale';
import { BarChart } from './BarChart';
import { HBarChart } from './HBarChart';
import { LineChart } from './LineChart';

function count(html: string, re: RegExp): number {
  return (html.match(re) ?? []).length;
}

describe('LineChart', () => {
  const html = renderToStaticMarkup(
    createElement(LineChart, {
      title: 'Time to first token',
      categories: ['2026-11-25', '2026-11-26', '2026-11-27'],
      series: [
        { key: 'p50', label: 'p50', color: '#00f', values: [300, null, 200] },
        { key: 'p95', label: 'p95', color: '#f00', values: [500, null, 1200], dashed: true },
      ],
      format: (v: number) => formatMs(v, 'en'),
      emptyText: 'No requests yet',
    }),
  );

  it('is an accessible image with its title', () => {
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="[^"]+"/);
    expect(html).toContain('Time to first token');
  });

  it('breaks a line at a bucket without data and titles every point with its value', () => {
    expect(count(html, /<polyline/g)).toBe(4); // two runs per series
    expect(count(html, /<circle/g)).toBe(4);
    expect(html).toContain('<title>2026-11-27 · p95: 1.2 sec</title>');
    expect(html).not.toContain('No requests yet');
  });

  it('shows the empty text when no bucket has data', () => {
    const empty = renderToStaticMarkup(
      createElement(LineChart, { title: 'T', categories: ['a'], series: [{ key: 'x', label: 'x', color: '#000', values: [null] }], format: (v: number) => formatMs(v, 'en'), emptyText: 'No requests yet' }),
    );
    expect(empty).toContain('No requests yet');
  });
});

describe('BarChart', () => {
  it('stacks one segment per non-zero value and titles it', () => {
    const html = renderToStaticMarkup(
      createElement(BarChart, {
        title: 'Cost per day',
        categories: ['2026-11-26', '2026-11-27'],
        stacks: [
          { key: 'a', label: 'kimi-k2.6', color: '#00f', values: [0.5, 0.25] },
          { key: 'b', label: 'moonshot-v1-8k', color: '#f00', values: [0, 0.1] },
        ],
        format: (v: number) => formatUsd(v, 'en'),
        totalLabel: 'Total',
        emptyText: 'none',
      }),
    );
    expect(count(html, /data-stack=/g)).toBe(3);
    expect(html).toContain('<title>2026-11-27 · moonshot-v1-8k: $0.10</title>');
  });
});

describe('HBarChart', () => {
  it('draws bars proportional to the value with the value written after each', () => {
    const html = renderToStaticMarkup(
      createElement(HBarChart, {
        title: 'Same usage on other models',
        rows: [
          { key: 'a', label: 'cheap', value: 1 },
          { key: 'b', label: 'dear', value: 4, highlight: true },
          { key: 'c', label: 'unpriced', value: null },
        ],
        format: (v: number) => formatUsd(v, 'en'),
        emptyText: 'none',
      }),
    );
    const widths = [...html.matchAll(/<rect[^>]*width="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(widths[1]).toBeCloseTo(widths[0] * 4, 5);
    expect(widths[2]).toBe(0);
    expect(html).toContain('class="hbar highlight"');
    expect(html).toContain('$4.00');
  });
});

describe('keyboard hover', () => {
  it('moves through the buckets with arrows, Home and End, and clears with Escape', async () => {
    const { nextHover } = await import('./hover');
    expect(nextHover('ArrowLeft', null, 7)).toBe(6);
    expect(nextHover('ArrowRight', null, 7)).toBe(0);
    expect(nextHover('ArrowRight', 6, 7)).toBe(6);
    expect(nextHover('ArrowLeft', 0, 7)).toBe(0);
    expect(nextHover('Home', 4, 7)).toBe(0);
    expect(nextHover('End', 1, 7)).toBe(6);
    expect(nextHover('Escape', 3, 7)).toBeNull();
    expect(nextHover('a', 3, 7)).toBeUndefined();
    expect(nextHover('ArrowLeft', null, 0)).toBeUndefined();
  });
});
