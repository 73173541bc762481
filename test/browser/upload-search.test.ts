import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Studio, screenshot, seriousAxeViolations, startStudio } from '../support/studio.js';

describe('uploading and searching', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(() => studio?.close());

  it('uploads a file straight to the upload URL with progress, then opens the asset it became', async () => {
    const page = await studio.open('#/upload');
    await page.getByRole('heading', { name: 'Upload a video', level: 1 }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    const uploads: { url: string; origin: string | undefined }[] = [];
    page.on('request', async (request) => {
      if (request.method() === 'PUT') uploads.push({ url: request.url(), origin: (await request.allHeaders()).origin });
    });

    await page.getByLabel('Video file').setInputFiles({
      name: 'studio-upload.mp4',
      mimeType: 'video/mp4',
      buffer: Buffer.alloc(2 * 1024 * 1024, 7),
    });
    await page.getByLabel('Title').fill('Uploaded from the studio');
    await page.getByLabel('Auto-generated captions').selectOption('en');
    // The page leaves for the asset as soon as the upload becomes one, which may be before a poll of the bar would
    // see it full: every value the bar shows is recorded as it changes.
    await page.evaluate(() => {
      const shown: string[] = [];
      Object.assign(window, { progressShown: shown });
      new MutationObserver(() => {
        const value = document.querySelector('.upload-progress progress')?.getAttribute('value');
        if (value && shown.at(-1) !== value) shown.push(value);
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    });
    await page.getByRole('button', { name: 'Upload' }).click();

    await page.getByRole('heading', { name: 'Uploaded from the studio', level: 1 }).waitFor();
    const shown = await page.evaluate(() => (window as unknown as { progressShown: string[] }).progressShown);
    expect(shown.at(-1)).toBe('100');
    expect(shown.map(Number)).toEqual([...shown.map(Number)].sort((a, b) => a - b));
    expect(page.url()).toMatch(/#\/assets\//);
    expect(uploads).toHaveLength(1);
    expect(new URL(uploads[0]?.url ?? '').origin).toBe(studio.stack.simulator.apiUrl);
    expect(uploads[0]?.origin).toBe(studio.url);
    await page.locator('.job', { hasText: 'Auto-generated captions (en)' }).waitFor();
    await page.locator('.cues .cue').first().waitFor();
    expect(studio.problems).toEqual([]);
  });

  it('finds cues with highlighted snippets and opens the asset at the chosen cue', async () => {
    const page = await studio.open('#/search');
    await page.getByRole('heading', { name: 'Search transcripts', level: 1 }).waitFor();
    await page.getByLabel('Words to find').fill('caption*');
    await page.getByRole('button', { name: 'Search' }).click();
    await expect.poll(() => page.url()).toContain('#/search?q=caption*');

    const hits = page.locator('.hits .hit');
    await hits.first().waitFor();
    const marks = await hits.first().locator('.snippet mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    for (const mark of marks) expect(mark.toLowerCase()).toMatch(/^caption/);
    expect(await hits.first().locator('.cue-time').textContent()).toMatch(/^\d+:\d\d\.\d\d–\d+:\d\d\.\d\d$/);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'search');

    const chosen = hits.nth(3);
    const asset = await chosen.locator('.hit-asset').textContent();
    const time = (await chosen.locator('.cue-time').textContent()) ?? '';
    const snippet = (await chosen.locator('.snippet').textContent()) ?? '';
    await chosen.getByRole('link').click();
    await page.getByRole('heading', { name: asset ?? '', level: 1 }).waitFor();

    const current = page.locator('.cues .cue[aria-current="true"]');
    await current.waitFor();
    expect(await current.locator('.cue-time').textContent()).toBe(time);
    const words = snippet.replaceAll('…', '').trim().split(/\s+/).slice(0, 3).join(' ');
    expect((await current.locator('.cue-text').textContent())?.replaceAll('\n', ' ')).toContain(words);
    // Scrolled into view inside the cue list.
    await expect
      .poll(() =>
        current.evaluate((cue) => {
          const box = cue.getBoundingClientRect();
          const frame = cue.closest('.cues')?.getBoundingClientRect();
          return frame !== undefined && box.top >= frame.top - 1 && box.bottom <= frame.bottom + 1;
        }),
      )
      .toBe(true);
    expect(studio.problems).toEqual([]);
  });

  it('says why a query cannot be searched', async () => {
    const page = await studio.open('#/search?q=%22unclosed');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/quote|syntax|query/i);
  });
});
