import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Studio, screenshot, seriousAxeViolations, startStudio } from '../support/studio.js';

describe('the cue editor', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio();
  });
  afterAll(() => studio?.close());

  it('shows refused cues beside their fields, then saves edits that survive a reload', async () => {
    const page = await studio.open();
    await page.getByRole('link', { name: 'Product keynote: captions for everyone' }).click();
    const cueTexts = () => page.locator('.cues .cue-text').allTextContents();
    await page.locator('.cues .cue').first().waitFor();
    const original = await cueTexts();

    await page.getByRole('button', { name: 'Edit captions' }).click();
    const editor = page.getByRole('form', { name: /Edit captions of “English CC”/ });
    await editor.getByLabel('Cue 1 text', { exact: true }).fill('Edited in the caption studio.');
    const fourthEnd = editor.getByLabel('Cue 4 end (s)', { exact: true });
    const fourthEndValue = await fourthEnd.inputValue();
    await fourthEnd.fill('0.5');
    await editor.getByRole('button', { name: 'Save captions' }).click();

    await expect.poll(() => fourthEnd.getAttribute('aria-invalid')).toBe('true');
    const errorId = (await fourthEnd.getAttribute('aria-describedby')) ?? '';
    expect(await page.locator(`#${errorId}`).textContent()).toBe('must end after it starts');
    const summary = editor.getByRole('alert');
    expect(await summary.textContent()).toContain('cues › 4 › endSeconds');
    await summary.getByRole('button', { name: /must end after it starts/ }).click();
    expect(await fourthEnd.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await seriousAxeViolations(page)).toEqual([]);
    await editor.getByRole('heading', { name: /Edit captions of/ }).evaluate((heading) => heading.scrollIntoView());
    await screenshot(page, 'cue-editor', { fullPage: false });

    await fourthEnd.fill(fourthEndValue);
    await editor.getByRole('button', { name: 'Remove cue 2', exact: true }).click();
    await editor.getByRole('button', { name: 'Add cue' }).click();
    const last = original.length;
    await editor.getByLabel(`Cue ${last} text`, { exact: true }).fill('A closing cue added in the studio.');
    await editor.getByLabel(`Cue ${last} speaker`, { exact: true }).fill('Narrator');
    // The editor may close (the replacement ready) before a poll would read its status: every status shown is
    // recorded as it changes.
    await page.evaluate(() => {
      const shown: string[] = [];
      Object.assign(window, { statusShown: shown });
      new MutationObserver(() => {
        const text = document.querySelector('form [role="status"]')?.textContent;
        if (text && shown.at(-1) !== text) shown.push(text);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    });
    await editor.getByRole('button', { name: 'Save captions' }).click();

    // The editor closes once the replacement track is ready, and the transcript is the edited one.
    await editor.waitFor({ state: 'detached' });
    const statuses = await page.evaluate(() => (window as unknown as { statusShown: string[] }).statusShown);
    expect(statuses.some((text) => text.includes('Saved'))).toBe(true);
    await expect.poll(async () => (await cueTexts())[0]).toBe('Edited in the caption studio.');
    const edited = await cueTexts();
    expect(edited).toHaveLength(original.length);
    expect(edited).not.toContain(original[1]);
    expect(edited.at(-1)).toBe('A closing cue added in the studio.');
    expect(await page.locator('.job[data-status="COMPLETED"]', { hasText: 'Edited captions (en)' }).count()).toBe(1);

    await page.reload();
    await expect.poll(async () => (await cueTexts())[0]).toBe('Edited in the caption studio.');
    expect(await cueTexts()).toEqual(edited);
    expect(await page.locator('.cues .cue-speaker').last().textContent()).toBe('Narrator');
    expect(studio.problems).toEqual([]);
  });
});
