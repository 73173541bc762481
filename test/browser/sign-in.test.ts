import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_KEYS } from '../support/stack.js';
import { type Studio, screenshot, seriousAxeViolations, startStudio } from '../support/studio.js';

describe('signing in away from the simulator', () => {
  let studio: Studio;
  beforeAll(async () => {
    studio = await startStudio({ signedIn: false });
  });
  afterAll(() => studio?.close());

  it('asks for an API key, refuses a wrong one, and sends a good one with every request and the socket', async () => {
    const page = await studio.open();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await seriousAxeViolations(page)).toEqual([]);
    await screenshot(page, 'sign-in');

    await page.getByLabel('API key').fill('not-a-key-0123456789abcdef');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'did not accept that API key' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('caption-studio.api-key'))).toBeNull();

    const sentKeys = new Set<string | undefined>();
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/graphql') sentKeys.add(request.headers().authorization);
    });
    const socketFrames: string[] = [];
    page.on('websocket', (socket) => socket.on('framesent', (frame) => socketFrames.push(String(frame.payload))));

    await page.getByLabel('API key').fill(API_KEYS.viewer);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Library' }).waitFor();
    await page.getByRole('link', { name: 'Weekly team standup' }).waitFor();

    expect([...sentKeys]).toEqual([`Bearer ${API_KEYS.viewer}`]);
    await expect.poll(() => socketFrames.length).toBeGreaterThan(0);
    const init = socketFrames.map((frame) => JSON.parse(frame)).find((message) => message.type === 'connection_init');
    expect(init.payload).toEqual({ authorization: `Bearer ${API_KEYS.viewer}` });
    expect(
      await page.evaluate(() => [
        sessionStorage.getItem('caption-studio.api-key'),
        localStorage.length,
        document.cookie,
      ]),
    ).toEqual([API_KEYS.viewer, 0, '']);

    await page.reload();
    await page.getByRole('link', { name: 'Weekly team standup' }).waitFor();

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem('caption-studio.api-key'))).toBeNull();
    expect(studio.problems.filter((problem) => !problem.includes('401'))).toEqual([]);
  });

  it('keeps the key to the tab it was given in', async () => {
    const first = await studio.open();
    await first.getByLabel('API key').fill(API_KEYS.viewer);
    await first.getByRole('button', { name: 'Sign in' }).click();
    await first.getByRole('heading', { name: 'Library' }).waitFor();

    const second = await studio.open();
    await second.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await second.getByRole('navigation', { name: 'Main' }).count()).toBe(0);
  });
});
