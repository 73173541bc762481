import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Studio, screenshot, startStudio } from '../support/studio.js';

describe('caption work in progress', () => {
  let studio: Studio;
  beforeAll(async () => {
    // Slow enough for work on a five-minute asset to take a few seconds, so the bar is seen moving.
    studio = await startStudio({ simulator: { speed: 10 } });
  });
  afterAll(() => studio?.close());

  it('moves the progress bar and ETA between pushes and completes it from the subscription', async () => {
    const page = await studio.open();
    await page.getByRole('link', { name: 'Product keynote: captions for everyone' }).click();
    await page.locator('summary', { hasText: 'Auto-generated captions' }).click();
    const form = page.getByRole('form', { name: 'Auto-generated captions' });
    await form.getByLabel('Language').selectOption('fr');
    await form.getByRole('button', { name: 'Generate captions' }).click();

    const job = page.locator('.job', { hasText: 'Generated captions (fr)' });
    const bar = job.getByRole('progressbar', { name: 'Generated captions (fr): progress' });
    await job.waitFor();
    await page
      .getByRole('heading', { name: 'Caption work', exact: true })
      .evaluate((heading) => heading.scrollIntoView());
    const seen: number[] = [];
    const etas = new Set<string>();
    for (let polls = 0; polls < 300 && (await job.getAttribute('data-status')) !== 'COMPLETED'; polls += 1) {
      seen.push(Number(await bar.getAttribute('value')));
      const eta = await job.locator('.job-progress span').textContent();
      if (eta?.includes('left')) etas.add(eta);
      if (polls === 10) await screenshot(page, 'progress-running', { fullPage: false });
      await page.waitForTimeout(100);
    }
    await screenshot(page, 'progress');

    expect(await job.getAttribute('data-status')).toBe('COMPLETED');
    expect(await bar.getAttribute('value')).toBe('100');
    expect(await job.locator('.badge').textContent()).toBe('Completed');
    const before = seen.filter((value) => value < 100);
    expect(before.length).toBeGreaterThan(3);
    // Between the gateway's pushes the bar still moves forward, and never back.
    expect(Math.max(...before)).toBeGreaterThan(before[0] ?? 0);
    expect(before).toEqual([...before].sort((a, b) => a - b));
    expect(etas.size).toBeGreaterThan(0);
    expect(studio.problems).toEqual([]);
  });
});
