import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS, authorization, graphql } from '../support/stack.js';
import { type Studio, screenshot, seriousAxeViolations, startStudio } from '../support/studio.js';

const titles = (page: Page) => page.locator('.asset-card h2').allTextContents();

describe('the library', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(() => studio?.close());

  it('opens signed in on the simulator with each asset, its status, caption languages and caption work', async () => {
    const page = await studio.open();
    await page.getByRole('heading', { name: 'Library', level: 1 }).waitFor();
    const keynote = page.locator('.asset-card').filter({ hasText: 'Product keynote' });
    await keynote.getByText('Auto-generated captions (en)').waitFor();
    expect(await keynote.locator('.asset-meta').textContent()).toContain('Captions: en');
    expect(await keynote.locator('.badge').first().textContent()).toBe('ready');
    expect((await titles(page)).sort()).toEqual([
      'Customer interview (signed playback)',
      'Entrevista: subtítulos accesibles',
      'Product keynote: captions for everyone',
      'Weekly team standup',
    ]);
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'library');
  });

  it('works from the keyboard: a skip link, visible focus, and links that open an asset', async () => {
    const page = await studio.open();
    await page.getByRole('link', { name: 'Weekly team standup' }).waitFor();
    const focused = () =>
      page.evaluate(() => {
        const element = document.activeElement as HTMLElement;
        return { text: element.textContent, id: element.id, outline: getComputedStyle(element).outlineStyle };
      });

    await page.keyboard.press('Tab');
    expect(await focused()).toEqual({ text: 'Skip to content', id: '', outline: 'solid' });
    await page.keyboard.press('Enter');
    expect((await focused()).id).toBe('main');

    await page.getByRole('link', { name: 'Weekly team standup' }).focus();
    expect((await focused()).outline).toBe('solid');
    await page.keyboard.press('Enter');
    const heading = page.getByRole('heading', { name: 'Weekly team standup', level: 1 });
    await heading.waitFor();
    // A new view moves focus to its heading, so screen readers announce it.
    await expect.poll(() => heading.evaluate((element) => element === document.activeElement)).toBe(true);
  });

  it('filters by status, ready captions and caption language', async () => {
    const page = await studio.open();
    await page.getByRole('link', { name: 'Weekly team standup' }).waitFor();

    await page.getByLabel('Ready captions').selectOption({ label: 'Without ready captions' });
    await expect.poll(() => titles(page)).toEqual(['Weekly team standup']);

    await page.getByLabel('Ready captions').selectOption({ label: 'Any' });
    await page.getByLabel('Caption language').selectOption('es');
    await expect.poll(() => titles(page)).toEqual(['Entrevista: subtítulos accesibles']);

    await page.getByLabel('Caption language').selectOption({ label: 'Any' });
    await page.getByLabel('Status').selectOption({ label: 'Errored' });
    await expect.poll(() => titles(page)).toEqual([]);
    await page.getByLabel('Status').selectOption({ label: 'Ready' });
    await expect.poll(async () => (await titles(page)).length).toBe(4);
  });

  it('updates caption work live as it starts and finishes, and the asset gains its captions', async () => {
    const page = await studio.open();
    const standup = page.locator('.asset-card').filter({ hasText: 'Weekly team standup' });
    await standup.getByText('No caption work yet.').waitFor();
    const assetId = await standup.getAttribute('data-asset-id');

    const started = await graphql<{ premiumCaptionsGenerate: { userErrors: unknown[] } }>(
      studio.stack.gateway,
      `mutation ($id: ID!) {
        premiumCaptionsGenerate(input: { assetId: $id, languageCode: "en" }) { userErrors { message } }
      }`,
      { id: assetId },
      authorization('editor'),
    );
    expect(started.body.data?.premiumCaptionsGenerate.userErrors).toEqual([]);

    await standup.locator('.job', { hasText: 'Premium captions (en)' }).waitFor();
    await standup.locator('.job[data-status="COMPLETED"]', { hasText: 'Premium captions (en)' }).waitFor();
    await expect.poll(() => standup.locator('.asset-meta').textContent()).toContain('Captions: en');
  });

  it('pages through assets ten at a time', async () => {
    for (let index = 0; index < 8; index += 1) {
      await studio.stack.mux.video.assets.create({
        inputs: [{ url: `https://media.example.com/paging-${index}.mp4?duration=30` }],
        playback_policies: ['public'],
        passthrough: `paging-${index}`,
      });
    }
    const indexed = await graphql<{ assets: { edges: unknown[] } }>(
      studio.stack.gateway,
      '{ assets(first: 50, fresh: true) { edges { cursor } } }',
      {},
      { authorization: `Bearer ${API_KEYS.viewer}` },
    );
    expect(indexed.body.data?.assets.edges).toHaveLength(12);

    const page = await studio.open();
    await expect.poll(async () => (await titles(page)).length).toBe(10);
    const firstPage = await titles(page);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expect.poll(async () => (await titles(page)).length).toBe(2);
    expect(await page.getByText('Page 2').count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    const secondPage = await titles(page);
    expect(secondPage.filter((title) => firstPage.includes(title))).toEqual([]);

    await page.getByRole('button', { name: 'Previous page' }).click();
    await expect.poll(() => titles(page)).toEqual(firstPage);
    expect(studio.problems).toEqual([]);
  });
});
