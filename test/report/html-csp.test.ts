import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { sampleReport } from './_report.js';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });
});
afterAll(async () => {
  await browser?.close();
});

/** What an escaping slip anywhere in the writer would let through. */
const INJECTIONS = [
  ['inline script', '<script>window.__pwned=1</script>'],
  ['event handler', '<img src="data:," onerror="window.__pwned=2"><img src=x onerror="window.__pwned=3">'],
  ['javascript: URL', '<iframe src="javascript:parent.__pwned=4"></iframe>'],
  ['svg onload', '<svg onload="window.__pwned=5"></svg>'],
] as const;

describe('HTML Content-Security-Policy: defence in depth behind the escaping', () => {
  const html = renderHtml(sampleReport());

  it('allows the report’s own script by hash, never unsafe-inline scripts', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1] ?? '';
    const scriptSrc = csp.split(';').find((d) => d.trim().startsWith('script-src')) ?? '';
    expect(scriptSrc).toMatch(/'sha256-[A-Za-z0-9+/]+=*'/);
    expect(scriptSrc).not.toContain('unsafe-inline');
  });

  for (const [what, payload] of INJECTIONS) {
    it(`markup slipped into the page (${what}) does not run; the report's own script still does`, async () => {
      const page = await browser.newPage();
      const dialogs: string[] = [];
      page.on('dialog', async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.setContent(html.replace('</h1>', `</h1>${payload}`), { waitUntil: 'load' });
      expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
      expect(dialogs).toEqual([]);
      await page.fill('#filter', 'zeta');
      expect(await page.textContent('#shown')).toBe('1');
      await page.close();
    });
  }
});
