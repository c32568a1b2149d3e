import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../src/report/html.js';
import { EVIL, sampleReport } from './_report.js';

const report = sampleReport();
const html = renderHtml(report);
let browser: Browser;

beforeAll(async () => {
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
});
afterAll(async () => {
  await browser?.close();
});

async function open() {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const dialogs: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') requests.push(r.url());
  });
  page.on('dialog', async (d) => {
    dialogs.push(d.message());
    await d.dismiss();
  });
  await page.setContent(html, { waitUntil: 'load' });
  return { page, requests, dialogs };
}

const visibleNames = (page: import('playwright-core').Page) =>
  page.$$eval('#resources tbody tr.res', (rows) =>
    rows.filter((r) => !(r as HTMLElement).hidden).map((r) => (r.querySelector('td.name b') as HTMLElement).textContent),
  );

describe('HTML report in headless Chromium', () => {
  it('is self-contained: no external references', () => {
    expect(html).not.toMatch(/<(link|img|iframe)\b[^>]*\b(src|href)=["']?https?:/i);
    expect(html).not.toMatch(/<script[^>]+src=/i);
  });

  it('renders every resource row, the summary, and makes no network request', async () => {
    const { page, requests } = await open();
    expect(await page.$$eval('#resources tbody tr.res', (r) => r.length)).toBe(report.resources.length);
    expect(await page.textContent('#summary')).toContain(`${report.summary.findings.fail}failing`);
    expect(await page.$$eval('#matrix tbody tr', (r) => r.length)).toBe(3);
    mkdirSync(resolve('test-output'), { recursive: true });
    writeFileSync(resolve('test-output/report.html'), html);
    await page.screenshot({ path: resolve('test-output/report.png'), fullPage: true });
    expect(requests).toEqual([]);
    await page.close();
  });

  it('an injected <script> in a bucket name does not execute and shows as text', async () => {
    const { page, dialogs } = await open();
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(await visibleNames(page)).toContain(EVIL);
    await page.close();
  });

  it('the text filter hides non-matching rows', async () => {
    const { page } = await open();
    await page.fill('#filter', 'zeta');
    expect(await visibleNames(page)).toEqual(['zeta-public']);
    expect(await page.textContent('#shown')).toBe('1');
    await page.fill('#filter', 'BA-AWS-002');
    expect(await visibleNames(page)).toEqual(['tf-bucket']);
    await page.fill('#filter', '');
    expect(await visibleNames(page)).toHaveLength(report.resources.length);
    await page.close();
  });

  it('severity, verdict and provider selects filter', async () => {
    const { page } = await open();
    await page.selectOption('#f-severity', 'critical');
    expect(await visibleNames(page)).toEqual(['tf-bucket']);
    await page.selectOption('#f-severity', '');
    await page.selectOption('#f-verdict', 'UNKNOWN');
    expect(await visibleNames(page)).toEqual(['alpha-unknown']);
    await page.selectOption('#f-verdict', '');
    await page.selectOption('#f-provider', 'gcp');
    expect((await visibleNames(page)).sort()).toEqual(['alpha-unknown', 'private-gcs']);
    await page.close();
  });

  it('sorting by name works in both directions', async () => {
    const { page } = await open();
    const names = report.resources.map((r) => r.name);
    await page.click('#resources th[data-sort="name"]');
    const asc = await visibleNames(page);
    expect(asc).toEqual([...names].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())));
    await page.click('#resources th[data-sort="name"]');
    expect(await visibleNames(page)).toEqual([...asc].reverse());
    expect(await page.getAttribute('#resources th[data-sort="name"]', 'aria-sort')).toBe('descending');
    await page.click('#resources th[data-sort="sev-rank"]');
    expect((await visibleNames(page))[0]).not.toBe('tf-bucket');
    await page.click('#resources th[data-sort="sev-rank"]');
    expect((await visibleNames(page))[0]).toBe('tf-bucket');
    await page.close();
  });

  it('each resource expands into its explanation chain', async () => {
    const { page } = await open();
    const row = page.locator('#resources tr.res', { hasText: 'tf-bucket' });
    await row.locator('details summary').click();
    expect(await row.locator('details').getAttribute('open')).not.toBeNull();
    const text = (await row.locator('details').textContent()) ?? '';
    expect(text).toContain('Why (grants and evidence)');
    expect(text).toContain('ACL grants FULL_CONTROL to AllUsers (Grants[1]) & "more" <b>');
    expect(text).toContain('Guardrails');
    expect(text).toContain('Remediation');
    const azure = page.locator('#resources tr.res[data-provider="azure"]');
    await azure.locator('details summary').click();
    expect(await azure.locator('details').getAttribute('open')).not.toBeNull();
    expect(await azure.locator('details').textContent()).toContain('Probe');
    await page.close();
  });
});
