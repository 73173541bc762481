import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, graphql } from '../support/stack.js';
import { type Studio, screenshot, seriousAxeViolations, startStudio } from '../support/studio.js';

describe('an asset page', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(() => studio?.close());

  async function openAsset(title: string): Promise<Page> {
    const page = await studio.open();
    await page.getByRole('link', { name: title }).click();
    await page.getByRole('heading', { name: title, level: 1 }).waitFor();
    return page;
  }

  /** Opens one start-work form and gives back its form element. */
  async function startForm(page: Page, name: string) {
    await page.locator('summary', { hasText: name }).click();
    return page.getByRole('form', { name });
  }

  const cueTexts = (page: Page) => page.locator('.cues .cue-text').allTextContents();
  const trackNames = (page: Page) => page.locator('.tracks tbody tr td:nth-child(2)').allTextContents();

  it('shows tracks, caption work and the transcript with cue times on a cue timeline', async () => {
    const page = await openAsset('Product keynote: captions for everyone');
    await page.locator('.cues .cue').first().waitFor();
    expect(await trackNames(page)).toContain('English CC');
    expect(await page.locator('.jobs .job').first().textContent()).toContain('Auto-generated captions (en)');
    expect(await page.locator('.cues .cue-time').first().textContent()).toMatch(/^\d:\d\d\.\d\d–\d:\d\d\.\d\d$/);
    expect(await page.locator('mux-player').count()).toBe(0);

    const cues = page.getByRole('list', { name: /Cue timeline/ }).getByRole('button');
    await cues.nth(2).click();
    expect(await cues.nth(2).getAttribute('aria-current')).toBe('true');
    await page.locator('.timeline-bar .segment').nth(5).click();
    expect(await cues.nth(5).getAttribute('aria-current')).toBe('true');
    expect(await cues.nth(2).getAttribute('aria-current')).toBeNull();
    expect(await page.locator('.cues [aria-current="true"]').count()).toBe(1);
    await cues.nth(7).focus();
    await page.keyboard.press('Enter');
    expect(await cues.nth(7).getAttribute('aria-current')).toBe('true');

    // The download links are signed: they open the file with no API key, as a browser's download would.
    const download = await page.getByRole('link', { name: 'Download .vtt' }).getAttribute('href');
    const file = await fetch(download ?? '');
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.vtt"$/);
    expect(await file.text()).toContain(await cues.nth(7).locator('.cue-text').textContent());

    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'asset');
  });

  it('generates captions in a language picked from Mux’s list, with beta and auto marked', async () => {
    const page = await openAsset('Product keynote: captions for everyone');
    const form = await startForm(page, 'Auto-generated captions');
    const language = form.getByLabel('Language');
    const options = await language.locator('option').allTextContents();
    expect(options).toContain('Detect the spoken language (auto)');
    expect(options).toContain('English (en) · stable');
    expect(options).toContain('Polish (pl) · beta');

    await language.selectOption('pl');
    await form.getByLabel('Track name').fill('Polski');
    await form.getByRole('button', { name: 'Generate captions' }).click();
    const outcome = form.getByRole('status');
    await expect.poll(() => outcome.textContent()).toContain('Started: Generated captions (pl).');
    expect(await outcome.textContent()).toMatch(/beta/i);

    await page.locator('.job[data-status="COMPLETED"]', { hasText: 'Generated captions (pl)' }).waitFor();
    await expect.poll(() => trackNames(page)).toContain('Polski');
    await expect.poll(() => page.getByLabel('Transcript language').locator('option').allTextContents()).toContain('pl');
  });

  it('shows why the gateway refused work, next to the field it names', async () => {
    const page = await openAsset('Weekly team standup');
    const generate = await startForm(page, 'Auto-generated captions');
    await generate.getByRole('button', { name: 'Generate captions' }).click();
    await generate.getByRole('alert').filter({ hasText: 'The gateway did not accept this' }).waitFor();
    expect(await generate.getByRole('alert').textContent()).toMatch(/7 days|week/i);

    const premium = await startForm(page, 'Premium captions');
    await premium.getByLabel('Phrases').fill('Kubernetes\n<b>bold</b>');
    await premium.getByRole('button', { name: 'Generate premium captions' }).click();
    const phrases = premium.getByLabel('Phrases');
    await expect.poll(() => phrases.getAttribute('aria-invalid')).toBe('true');
    const describedBy = (await phrases.getAttribute('aria-describedby')) ?? '';
    const message = await premium.locator(`#${describedBy.split(' ').at(-1)}`).textContent();
    expect(message).toMatch(/^Line 2: /);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'asset-errors');
  });

  it('generates premium captions with every option', async () => {
    const page = await openAsset('Weekly team standup');
    const sent: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.postData()?.includes('premiumCaptionsGenerate'))
        sent.push(request.postDataJSON().variables.input);
    });
    const form = await startForm(page, 'Premium captions');
    await form.getByLabel('Spoken language').selectOption('en');
    await form.getByLabel('Phrases').fill('Kubernetes\nWebVTT');
    await form.getByLabel('Include word timings').check();
    await form.getByLabel('Replace a track already in that language').check();
    await form.getByLabel('Track name').fill('Standup premium');
    await form.getByRole('button', { name: 'Generate premium captions' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Started: Premium captions (en).');
    expect(sent).toEqual([
      expect.objectContaining({
        languageCode: 'en',
        phrases: ['Kubernetes', 'WebVTT'],
        includeSpeakers: true,
        includeWords: true,
        replaceExisting: true,
        uploadToMux: true,
        trackName: 'Standup premium',
      }),
    ]);

    await page.locator('.job[data-status="COMPLETED"]', { hasText: 'Premium captions (en)' }).waitFor();
    await expect.poll(() => trackNames(page)).toContain('Standup premium');
    await page.locator('.cues .cue').first().waitFor();
    const speakers = await page.locator('.cues .cue-speaker').allTextContents();
    expect(speakers.filter(Boolean).length).toBeGreaterThan(0);
  });

  it('translates a track', async () => {
    const page = await openAsset('Product keynote: captions for everyone');
    const form = await startForm(page, 'Translation');
    await form.getByLabel('Track to translate').selectOption({ label: 'English CC (en)' });
    await form.getByLabel('Into').selectOption('de');
    await form.getByLabel('Never translate').fill('Mux');
    await form.getByRole('button', { name: 'Translate' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Started: Translation (de).');
    await page.locator('.job[data-status="COMPLETED"]', { hasText: 'Translation (de)' }).waitFor();

    await page.getByLabel('Transcript language').selectOption('de');
    await expect.poll(() => page.url()).toContain('lang=de');
    await expect.poll(async () => (await cueTexts(page)).length).toBeGreaterThan(0);
  });

  it('edits a track with Robots: replacements, speaker renames and profanity censoring', async () => {
    const page = await openAsset('Product keynote: captions for everyone');
    await page.getByLabel('Transcript language').selectOption('en');
    await page.locator('.cues .cue').first().waitFor();
    // The simulator's speech differs from asset to asset: edit two words this transcript has.
    const words = [...new Set((await cueTexts(page)).join(' ').match(/\b[a-z]{8,}\b/g))];
    const [replaced, censored] = words;
    expect(censored).toBeDefined();

    const form = await startForm(page, 'Robots edit');
    await form.getByLabel('Track to edit').selectOption({ label: 'English CC (en)' });
    await form.getByLabel('Replacements', { exact: true }).fill(`${replaced} => zanzibar`);
    await form.getByLabel('Speaker renames').fill('speaker_0 => Host');
    await form.getByLabel('Censor profanity').check();
    await form.getByLabel('How').selectOption('MASK');
    await form.getByLabel('Always censor').fill(censored ?? '');
    await form.getByRole('button', { name: 'Edit captions' }).click();
    await expect.poll(() => form.getByRole('status').textContent()).toContain('Started: Robots edit');
    await page.locator('.job[data-status="COMPLETED"]', { hasText: 'Robots edit' }).waitFor();

    await expect.poll(async () => (await cueTexts(page)).join(' ')).toContain('zanzibar');
    const text = (await cueTexts(page)).join(' ');
    expect(text).not.toMatch(new RegExp(`\\b(${replaced}|${censored})\\b`));
    expect(text).toContain('?');
    expect(studio.problems).toEqual([]);
  });

  it('plays the asset in Mux Player, bundled with the page, when the gateway runs on real Mux', async () => {
    const page = await studio.open();
    const outside: string[] = [];
    // The page as it is on real Mux; nothing may come from anywhere but the gateway, and Mux's hosts are not
    // reachable from the tests.
    await page.route('**/*', (route) => {
      const { hostname } = new URL(route.request().url());
      if (hostname === '127.0.0.1') return route.continue();
      outside.push(route.request().url());
      return route.abort();
    });
    await page.route('**/studio/config.json', (route) =>
      route.fulfill({ json: { simulated: false, apiKey: API_KEYS.admin } }),
    );
    const scripts: string[] = [];
    page.on('response', (response) => {
      if (response.request().resourceType() === 'script') scripts.push(new URL(response.url()).pathname);
    });
    await page.reload();
    await page.getByRole('link', { name: 'Entrevista: subtítulos accesibles' }).click();

    const player = page.locator('mux-player');
    await player.waitFor({ state: 'attached' });
    const { playbackIds } = await assetNamed(studio, 'Entrevista: subtítulos accesibles');
    expect(await player.getAttribute('playback-id')).toBe(playbackIds[0]?.id);
    expect(scripts.some((path) => /^\/studio\/assets\/MuxPlayer-[\w-]+\.js$/.test(path))).toBe(true);
    expect(scripts.every((path) => path.startsWith('/studio/assets/'))).toBe(true);
    // Mux's own services (video, images, Mux Data) are asked, and nothing else.
    const services = /(^|\.)(mux\.com|litix\.io)$/;
    expect(outside.filter((url) => !services.test(new URL(url).hostname))).toEqual([]);
    expect(await page.getByRole('list', { name: 'Cues' }).getByRole('button').count()).toBeGreaterThan(0);
  });
});

async function assetNamed(studio: Studio, title: string): Promise<{ id: string; playbackIds: { id: string }[] }> {
  const answer = await graphql<{
    assets: { edges: { node: { id: string; title: string; playbackIds: { id: string }[] } }[] };
  }>(studio.stack.gateway, '{ assets(first: 20) { edges { node { id title playbackIds { id } } } } }');
  const found = answer.body.data?.assets.edges.find((edge) => edge.node.title === title);
  if (!found) throw new Error(`no asset ${title}`);
  return found.node;
}
