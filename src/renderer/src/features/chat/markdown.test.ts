// Answers render as Markdown (react-markdown + remark-gfm) with [Doc-N] as buttons and no raw HTML; plurals and
// numbers/dates follow the app's language (i18next + Intl), not the browser's.
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { AnswerText } from './AnswerText';
import { formatDateTime, formatNumber, formatUsd, translate } from '../../i18n';

function render(text: string, unsupported: number[] = []): string {
  return renderToStaticMarkup(createElement(AnswerText, { text, isUnsupported: (n: number) => unsupported.includes(n), onCite: () => undefined }));
}

describe('AnswerText', () => {
  it('renders lists, tables, bold and code, with citations as buttons', () => {
    const html = render('**Yes** [Doc-1]:\n\n- one\n- two [Doc-2]\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nRun `reset`.', [2]);
    expect(html).toContain('<strong>Yes</strong>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>/);
    expect(html).toContain('<table>');
    expect(html).toContain('<td>1</td>');
    expect(html).toContain('<code>reset</code>');
    expect(html).toMatch(/<button type="button" class="citation" data-testid="citation-1"[^>]*>Doc-1<\/button>/);
    expect(html).toMatch(/class="citation unsupported" data-testid="citation-2"/);
  });

  it('never renders raw HTML or follows links', () => {
    const html = render('Hi <img src=x onerror=alert(1)> <script>alert(1)</script> [site](javascript:alert(1)) [ok](https://example.invalid/x)');
    expect(html).not.toMatch(/<img|<script|<a /);
    expect(html).not.toContain('javascript:');
    expect(html).toContain('ok (https://example.invalid/x)');
  });
});

describe('i18n', () => {
  it('uses plural forms: 1 source / 2 sources; zh/ko counters', () => {
    expect(translate('en', 'chat.sources', { count: 1 })).toBe('1 source');
    expect(translate('en', 'chat.sources', { count: 2 })).toBe('2 sources');
    expect(translate('en', 'sessions.turns', { count: 1 })).toBe('1 message');
    expect(translate('zh', 'chat.sources', { count: 1 })).toMatch(/^1\s?个/);
    expect(translate('ko', 'catalog.results', { count: 12345, ms: 3 })).toContain('12,345');
  });

  it('formats dates, numbers and money in the app language, not the browser locale', () => {
    const when = Date.UTC(2026, 11, 1, 21, 12, 56);
    expect(formatDateTime('zh', when, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })).toBe('2026年12月1日');
    expect(formatDateTime('ko', when, { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' })).toBe('2026년 12월 1일');
    expect(formatDateTime('en', when, { year: 'numeric', month: 'short', day: 'numeric', timeZone: 'UTC' })).toBe('Dec 1, 2026');
    expect(formatNumber('en', 1234567.5)).toBe('1,234,567.5');
    expect(formatUsd('en', 6.3)).toBe('$6.30');
    expect(formatUsd('zh', 6.3)).toMatch(/US\$6\.30|\$6\.30/);
  });
});
