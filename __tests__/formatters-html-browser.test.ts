/**
 * The HTML report as a person uses it, in headless Chromium (Debian's `chromium`, driven by
 * puppeteer-core): the report of a real 2,483-package tree (bench/trees-src/large, scanned from
 * its lockfile) loads fast with no request leaving the file, shows the project, the date and
 * the charts, and its search, filters, group expansion and URL hash work. Screenshots of each
 * step go to a folder printed in the test log.
 *
 * Skips with a message when no browser is installed, unless LICENSE_RISK_BROWSER_TESTS=required
 * (set by .ci/run, which installs chromium).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { scan } from '../src/pipeline';
import { renderReport } from '../src/cli/commands/check';
import type { CliIO } from '../src/cli/main';
import { findChromium, NO_BROWSER_MESSAGE } from './helpers/browser';

const chromium = findChromium();
const required = process.env.LICENSE_RISK_BROWSER_TESTS === 'required';
if (!chromium && !required) console.warn(NO_BROWSER_MESSAGE);
const describeInBrowser = chromium || required ? describe : describe.skip;

const TREE = path.join(__dirname, '..', 'bench', 'trees-src', 'large');
const SCAN_DATE = '2026-01-15';

describeInBrowser('HTML report in headless Chromium (real 2,483-package tree)', () => {
  let browser: Browser;
  let page: Page;
  let outDir: string;
  let fileUrl: string;
  let loadMs = 0;
  const outgoing: string[] = [];
  const cspViolations: string[] = [];
  let shot = 0;

  const screenshot = async (name: string) => {
    shot++;
    await page.screenshot({ path: path.join(outDir, `${String(shot).padStart(2, '0')}-${name}.png`) as `${string}.png`, fullPage: false });
  };
  /** Items (one per finding) that a person can see: not hidden themselves nor inside something hidden. */
  const visibleItems = (selector = '#by-cause [data-item]') =>
    page.$$eval(selector, (els) => els.filter((el) => !el.closest('[hidden]')).map((el) => ({ text: el.getAttribute('data-text') ?? '', severity: el.getAttribute('data-severity') ?? '' })));

  beforeAll(async () => {
    if (!chromium) throw new Error(`LICENSE_RISK_BROWSER_TESTS=required but ${NO_BROWSER_MESSAGE}`);
    outDir = process.env.LICENSE_RISK_SCREENSHOTS ?? fs.mkdtempSync(path.join(os.tmpdir(), 'license-risk-html-'));
    fs.mkdirSync(outDir, { recursive: true });
    const { report, rules, projects } = await scan({ dir: TREE, today: SCAN_DATE, env: {} });
    const { runFacts } = await import('../src/report/run-facts');
    const io = { stdout: () => undefined, stderr: () => undefined, isTTY: false, env: {}, cwd: TREE } as CliIO;
    const run = await runFacts(TREE, projects ?? [], SCAN_DATE);
    const html = [...renderReport(report, rules, { dir: TREE, format: 'html', quiet: false, run }, io)].join('');
    const file = path.join(outDir, 'report.html');
    fs.writeFileSync(file, html);
    fileUrl = pathToFileURL(file).href;
    console.log(`HTML report and browser screenshots: ${outDir}`);

    const puppeteer = await import('puppeteer-core');
    browser = await puppeteer.launch({
      executablePath: chromium,
      headless: true,
      // Root in CI containers needs --no-sandbox; nothing else is loaded but our own file.
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
    });
    page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setRequestInterception(true);
    page.on('request', (request) => {
      if (request.url() !== fileUrl && !request.url().startsWith(`${fileUrl}#`)) {
        outgoing.push(request.url());
        void request.abort();
      } else {
        void request.continue();
      }
    });
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) cspViolations.push(message.text());
    });
    const started = Date.now();
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready]', { timeout: 10_000 });
    const wallMs = Date.now() - started;
    // The page's own clock: from the start of navigation to the script having run (what a
    // reader waits for), without the test driver's round trips.
    loadMs = Math.max(
      Number(await page.$eval('html', (el) => el.getAttribute('data-ready'))),
      await page.evaluate(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd),
    );
    console.log(`HTML report (${Math.round(html.length / 1024)} KiB, ${report.components.length} components) interactive after ${Math.round(loadMs)} ms (${wallMs} ms with the driver)`);
    await screenshot('loaded');
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('loads in under 4 seconds, with no request leaving the file and no CSP violation', () => {
    expect(loadMs).toBeLessThan(4000);
    expect(outgoing).toEqual([]);
    expect(cspViolations).toEqual([]);
  });

  it('names the project and the scan date, and shows the profile and why', async () => {
    expect(await page.$eval('h1', (el) => el.textContent)).toBe('License risk report: bench-large@1.0.0');
    expect(await page.$eval('header time', (el) => el.textContent)).toBe(SCAN_DATE);
    expect(await page.$eval('.facts', (el) => el.textContent)).toMatch(/Profile\s*saas, commercial \(inferred from the checkout\): .*depends on @apollo\/server/);
  });

  it('shows three charts with bars and a text alternative', async () => {
    const charts = await page.$$eval('figure.chart > svg', (svgs) =>
      svgs.map((svg) => ({ bars: svg.querySelectorAll('rect').length, desc: svg.querySelector('desc')?.textContent ?? '', visible: svg.getBoundingClientRect().height > 0 })),
    );
    expect(charts).toHaveLength(3);
    for (const c of charts) {
      expect(c.bars).toBeGreaterThan(0);
      expect(c.visible).toBe(true);
    }
    expect(charts[0].desc).toMatch(/permissive: 2435/);
  });

  it('search narrows the visible findings to the package typed, and the hash keeps it', async () => {
    const before = await visibleItems();
    await page.type('#q', 'mapbox-gl');
    await page.waitForFunction(() => location.hash.includes('q=mapbox-gl'));
    const after = await visibleItems();
    expect(before.length).toBeGreaterThan(after.length);
    expect(after.length).toBeGreaterThan(0);
    for (const item of after) expect(item.text).toContain('mapbox-gl');
    expect(await page.$eval('#status', (el) => el.textContent)).toBe(`Showing ${after.length} of ${before.length} findings.`);
    await screenshot('search-mapbox-gl');
    await page.click('#reset');
    expect((await visibleItems()).length).toBe(before.length);
  });

  it('a severity filter toggles findings off and on', async () => {
    const all = await visibleItems();
    expect(all.some((i) => i.severity === 'warn')).toBe(true);
    await page.click('input[data-facet="severity"][value="warn"]');
    const without = await visibleItems();
    expect(without.some((i) => i.severity === 'warn')).toBe(false);
    expect(without.length).toBe(all.filter((i) => i.severity !== 'warn').length);
    expect(await page.evaluate(() => location.hash)).toBe('#severity=error,info');
    await screenshot('filter-no-warnings');
    await page.click('input[data-facet="severity"][value="warn"]');
    expect((await visibleItems()).length).toBe(all.length);
  });

  it('a group expands, by mouse and by keyboard, on its explanation, fix and evidence', async () => {
    const summary = '#by-cause details.group:not([hidden]) > summary';
    await page.click(summary);
    const opened = await page.$eval('#by-cause details.group:not([hidden])', (d) => ({
      open: (d as HTMLDetailsElement).open,
      why: (d.querySelector('.group-body p') as HTMLElement | null)?.innerText ?? '',
      fix: (d.querySelector('.fix') as HTMLElement | null)?.innerText ?? '',
      evidence: (d.querySelector('.evidence') as HTMLElement | null)?.innerText ?? '',
    }));
    expect(opened.open).toBe(true);
    expect(opened.why.length).toBeGreaterThan(20);
    expect(opened.fix).toMatch(/^Fix:/);
    expect(opened.evidence).toMatch(/package(-lock)?\.json:\d+:\d+/);
    await screenshot('group-expanded');
    // Keyboard: focus the summary and press Enter to close it again.
    await page.focus(summary);
    await page.keyboard.press('Enter');
    expect(await page.$eval('#by-cause details.group:not([hidden])', (d) => (d as HTMLDetailsElement).open)).toBe(false);
  });

  it('opens a shared link with its filter applied (URL hash), and can group by package', async () => {
    await page.goto(`${fileUrl}#q=pm2&view=package`, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready]');
    expect(await page.$eval('#q', (el) => (el as HTMLInputElement).value)).toBe('pm2');
    expect(await page.$eval('#by-cause', (el) => el.hidden)).toBe(true);
    const items = await visibleItems('#by-package [data-item]');
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(item.text).toContain('pm2');
    await screenshot('shared-link-by-package');
  });

  it('the components table is built on opening, and search narrows it too', async () => {
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.waitForSelector('html[data-ready]');
    expect(await page.$$eval('#components-table tbody tr', (rows) => rows.length)).toBe(0);
    await page.click('#components > summary');
    // The toggle event that builds the rows comes just after the click.
    await page.waitForFunction(() => document.querySelectorAll('#components-table tbody tr').length > 0);
    expect(await page.$$eval('#components-table tbody tr', (rows) => rows.length)).toBe(2483);
    await page.type('#q', 'mapbox-gl');
    await page.waitForFunction(() => document.getElementById('components-status')!.textContent!.includes(' of '));
    const visible = await page.$$eval('#components-table tbody tr', (rows) => rows.filter((r) => !r.hidden).map((r) => r.textContent ?? ''));
    expect(visible.length).toBeGreaterThan(0);
    for (const row of visible) expect(row).toContain('mapbox-gl');
    await screenshot('components-search');
    await page.click('#components-table th button[data-key="category-order"]');
    expect(await page.$eval('#components-table th[aria-sort]', (th) => [th.textContent, th.getAttribute('aria-sort')])).toEqual(['category', 'ascending']);
  });

  it('renders in dark mode', async () => {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe('rgb(13, 17, 23)');
    await screenshot('dark-mode');
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'light' }]);
  });
});
