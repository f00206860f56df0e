import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import type { IncidentSummary } from '../../src/lib/incidents/query.ts';
import { lambdaContext } from '../../src/local/lambda-context.ts';
import { type LocalStack, startLocalStack } from '../../src/local/stack.ts';
import { honeytrail } from '../support/cli-run.ts';
import { ATTACK_DECOY, attackEvents } from '../support/incident-scenario.ts';

/**
 * The report in a real browser: Debian's Chromium, headless. The page must render one mark per
 * escalation and make no request at all beyond loading itself. CI installs Chromium (.ci/run).
 */
const CHROMIUM = '/usr/bin/chromium';
const SCREENSHOT = resolve('test-artifacts/incident-report.png');

let stack: LocalStack;
let browser: Browser | undefined;
let dir: string;

function chromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it with "apt-get install -y chromium" (.ci/run does this)`,
    );
  }
  return CHROMIUM;
}

async function launch(): Promise<Browser> {
  browser ??= await puppeteer.launch({
    executablePath: chromium(),
    headless: true,
    userDataDir: await mkdtemp(join(tmpdir(), 'honeytrail-chromium-')),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return browser;
}

/** Opens a file:// page; every request other than the page itself is refused and recorded. */
async function open(file: string): Promise<{ page: Page; requests: string[]; problems: string[] }> {
  const page = await (await launch()).newPage();
  const url = pathToFileURL(file).href;
  const requests: string[] = [];
  const problems: string[] = [];
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    if (request.url() === url) void request.continue();
    else {
      requests.push(request.url());
      void request.abort();
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warn') problems.push(message.text());
  });
  page.on('pageerror', (error) => problems.push(String(error)));
  await page.setViewport({ width: 1040, height: 900 });
  await page.goto(url, { waitUntil: 'load' });
  return { page, requests, problems };
}

beforeAll(async () => {
  stack = await startLocalStack({ tableName: 'report-browser' });
  Object.assign(process.env, stack.env, { DECOYS_FILE: 'test/events/decoys.yml' });
  const mod = await import('../../src/handlers/detect-use.ts');
  for (const event of attackEvents()) await mod.handler(event, lambdaContext('detect-use'));
  dir = await mkdtemp(join(tmpdir(), 'honeytrail-browser-'));
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await stack.stop();
});

describe('incident report in headless Chromium', () => {
  it('notices a page that fetches something (the check below can fail)', async () => {
    const leaky = join(dir, 'leaky.html');
    writeFileSync(leaky, '<!doctype html><title>x</title><img src="http://fetch.example/pixel.png">');
    const { page, requests } = await open(leaky);
    expect(requests).toEqual(['http://fetch.example/pixel.png']);
    await page.close();
  }, 60_000);

  it('renders one timeline mark per escalation, applies its own style under the CSP and fetches nothing', async () => {
    const listed = await honeytrail('incidents', 'list', '--json', '--decoy', ATTACK_DECOY);
    const incident = JSON.parse(listed.stdout.trim()) as IncidentSummary;
    expect(incident.escalations.length).toBeGreaterThan(0);
    const out = join(dir, `${incident.id}.html`);
    expect((await honeytrail('incidents', 'report', incident.id, '--out', out)).code).toBe(0);

    const { page, requests, problems } = await open(out);
    const marks = await page.$$eval('svg#timeline .esc-mark', (nodes) =>
      nodes.map((node) => {
        const box = node.getBoundingClientRect();
        return {
          index: node.getAttribute('data-index'),
          kind: node.getAttribute('data-kind'),
          width: box.width,
          height: box.height,
        };
      }),
    );
    expect(marks.map((m) => m.kind)).toEqual(incident.escalations.map((e) => e.kind));
    expect(marks.map((m) => m.index)).toEqual(incident.escalations.map((_, i) => String(i + 1)));
    for (const mark of marks) expect(mark.width * mark.height).toBeGreaterThan(0);
    expect(await page.$$eval('svg#timeline rect.bar', (bars) => bars.length)).toBeGreaterThan(0);
    // The hashed style block applied: the CSP let it through, and nothing else.
    expect(await page.$eval('h1', (h1) => h1.ownerDocument.defaultView?.getComputedStyle(h1).fontSize)).toBe(
      '22px',
    );
    // The hostile userAgent stayed text.
    expect(await page.$$eval('img, script, iframe, object', (nodes) => nodes.length)).toBe(0);
    expect(await page.$eval('body', (body) => body.textContent ?? '')).toContain('<script>alert(1)</script>');

    mkdirSync(resolve('test-artifacts'), { recursive: true });
    await page.screenshot({ path: SCREENSHOT as `${string}.png`, fullPage: true });
    expect(requests).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  }, 90_000);
});
