/**
 * Issue 33: `runway gallery`, looked at in a real browser — Debian's chromium driven by
 * playwright-core (no browser download): cards and their states, a clip that plays, search,
 * keyboard, hostile prompts inert, no request leaving file://, and a page of 400 more jobs that
 * builds and shows in time. The screenshot is a test artifact (UPDATE_SCREENSHOT=1 refreshes the
 * README's).
 */
import { existsSync, readFileSync, writeFileSync, copyFileSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { lighthouse, root, runCli, testKey } from '../helpers/cli.js';
import { useSim } from '../helpers/sim.js';
import { Journal } from '../../src/core/journal/journal.js';

const executablePath = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
const t = useSim({ keys: [testKey] });
const env = () => ({ RUNWAY_CONFIG_DIR: t.state.path, RUNWAY_API_KEY: testKey });
const on = () => ['--provider', 'runwayml', '--base-url', t.sim.apiUrl, '--poll-interval', '0.05'];

let browser: Browser | undefined;
beforeAll(async () => {
  if (executablePath)
    browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
}, 30_000);
afterAll(async () => {
  await browser?.close();
});

const hostile = ['<img src=x onerror="window.pwned=1">', '</script><script>window.pwned=2</script>'];

/** A page of the gallery, with every request it makes and every dialog or error it raises. */
async function open(page: string): Promise<{ tab: Page; requests: string[]; alarms: string[] }> {
  const tab = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
  const requests: string[] = [];
  const alarms: string[] = [];
  tab.on('request', (r) => requests.push(r.url()));
  tab.on('dialog', (d) => {
    alarms.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  tab.on('pageerror', (e) => alarms.push(`error: ${e.message}`));
  await tab.goto(`file://${page}`);
  await tab.waitForSelector('article.card, .empty');
  return { tab, requests, alarms };
}

describe.skipIf(!executablePath)('runway gallery in Chromium', () => {
  it('a 4-line batch: 4 cards, 3 succeeded and 1 failed; hostile prompts are text; a clip plays; search and keys work; no request leaves file://', async () => {
    copyFileSync(lighthouse, join(t.out.path, 'lighthouse.png'));
    const batch = join(t.out.path, 'four.jsonl');
    writeFileSync(
      batch,
      [
        { model: 'gen4_turbo', prompt: 'a lighthouse at dusk', image: 'lighthouse.png', duration: 5 },
        { model: 'gen4.5', prompt: 'a crowd [sim:moderation]', duration: 2 },
        { model: 'gen4.5', prompt: hostile[0], duration: 2 },
        { model: 'gen4.5', prompt: hostile[1], duration: 2 },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const ran = await runCli(['batch', batch, ...on(), '--out', join(t.out.path, 'clips')], { env: env() });
    expect(ran.code, ran.stderr).toBe(6);
    const gallery = join(t.out.path, 'g');
    const made = await runCli(['gallery', '-o', gallery], { env: env() });
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout.trim()).toMatch(/g\/index\.html$/);
    const html = readFileSync(join(gallery, 'index.html'), 'utf8');
    expect(html).not.toContain('<img src=x');
    expect(html.match(/<script/g)).toHaveLength(2);

    const { tab, requests, alarms } = await open(join(gallery, 'index.html'));
    expect(await tab.locator('article.card').count()).toBe(4);
    expect(await tab.locator('article.card[data-state="succeeded"]').count()).toBe(3);
    expect(await tab.locator('article.card[data-state="failed"]').count()).toBe(1);
    expect(await tab.locator('article.card[data-state="failed"] .failure').innerText()).toMatch(/^moderation: /);
    for (const prompt of hostile) expect(await tab.getByText(prompt, { exact: true }).count()).toBe(1);
    expect(await tab.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();

    const card = tab.locator('article.card', { hasText: 'a lighthouse at dusk' });
    await card.hover();
    await tab.waitForFunction(() => (document.querySelector<HTMLVideoElement>('article.card video')?.currentTime ?? 0) > 0.3, undefined, {
      timeout: 10_000,
    });

    await tab.fill('#search', 'lighthouse');
    expect(await tab.locator('article.card').count()).toBe(1);
    expect(tab.url()).toContain('#q=lighthouse');
    await tab.fill('#search', '');
    await tab.selectOption('#filter-state', 'failed');
    expect(await tab.locator('article.card').count()).toBe(1);
    await tab.selectOption('#filter-state', '');

    await tab.locator('article.card').first().focus();
    await tab.keyboard.press('ArrowRight');
    expect(await tab.evaluate(() => [...document.querySelectorAll('article.card')].indexOf(document.activeElement as Element))).toBe(1);
    await tab.keyboard.press('Enter');
    expect(await tab.locator('dialog#viewer[open]').count()).toBe(1);
    await tab.keyboard.press('Escape');
    expect(await tab.locator('dialog#viewer[open]').count()).toBe(0);

    const shot = join(t.out.path, 'gallery.png');
    await tab.screenshot({ path: shot });
    expect(statSync(shot).size).toBeGreaterThan(10_000);
    if (process.env.UPDATE_SCREENSHOT === '1') {
      mkdirSync(join(root, 'test', 'artifacts'), { recursive: true });
      copyFileSync(shot, join(root, 'test', 'artifacts', 'gallery.png'));
    }
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    expect(alarms).toEqual([]);
    await tab.close();
  });

  it('400 more jobs: built in 30 s, cards on screen in 3 s', async () => {
    // The jobs are journaled as a batch would journal them (the gallery is what is measured, not the batch).
    const state = join(t.out.path, 'state');
    const clips = join(t.out.path, 'many');
    mkdirSync(clips, { recursive: true });
    const journal = new Journal(state);
    const sample = readFileSync(new URL('../../src/sim/fixtures/sample.mp4', import.meta.url));
    const sha256 = createHash('sha256').update(sample).digest('hex');
    for (let i = 0; i < 400; i++) {
      const job = `job-${i}`;
      const at = new Date(Date.now() - (400 - i) * 1000).toISOString();
      const file = join(clips, `shot-${i}.mp4`);
      writeFileSync(file, sample);
      const intent = {
        provider: 'runwayml',
        baseUrl: t.sim.apiUrl,
        protocol: 'official' as const,
        model: 'gen4.5',
        prompt: `shot ${i}`,
        inputs: {},
        ratio: '1280:720',
        duration: 2,
        seed: i,
        outDir: clips,
        command: ['batch', 'many.jsonl'],
        batchKey: `h:${i}`,
      };
      journal.append({ type: 'intent', job, at, intent });
      journal.append({ type: 'created', job, at, taskId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, estimate: 24 });
      journal.append({ type: 'succeeded', job, at, outputs: [{ url: 'https://example.com/x.mp4', file }], credits: 24 });
      journal.append({ type: 'downloaded', job, at, index: 0, file, bytes: sample.length, sha256 });
    }
    const gallery = join(t.out.path, 'big');
    const started = Date.now();
    const made = await runCli(['gallery', '-o', gallery], { env: { RUNWAY_CONFIG_DIR: state }, timeoutMs: 60_000 });
    expect(made.code, made.stderr).toBe(0);
    expect(Date.now() - started).toBeLessThan(30_000);
    const opened = Date.now();
    const { tab, requests } = await open(join(gallery, 'index.html'));
    expect(Date.now() - opened).toBeLessThan(3_000);
    expect(await tab.locator('header .count').innerText()).toBe('400 of 400');
    expect(await tab.locator('article.card').count()).toBeLessThan(400);
    expect(requests.filter((u) => !u.startsWith('file:'))).toEqual([]);
    await tab.close();
  });

  it('a selection matching nothing is a page that says so (exit 0); an output that is a file exits 2; a file that is not a report exits 2', async () => {
    const none = await runCli(['gallery', '-o', join(t.out.path, 'none'), '--model', 'no-such-model'], { env: env() });
    expect(none.code).toBe(0);
    expect(none.stderr).toMatch(/no job matches the selection/);
    const { tab } = await open(join(t.out.path, 'none', 'index.html'));
    expect(await tab.locator('.empty').innerText()).toMatch(/No jobs were selected/);
    await tab.close();
    const file = join(t.out.path, 'plain');
    writeFileSync(file, 'x');
    const onFile = await runCli(['gallery', '-o', file], { env: env() });
    expect(onFile.code).toBe(2);
    expect(onFile.stderr).toMatch(/it is a file, not a folder/);
    const notReport = await runCli(['gallery', '-o', join(t.out.path, 'r'), '--report', file], { env: env() });
    expect(notReport.code).toBe(2);
    expect(notReport.stderr).toContain(file);
  });
});
