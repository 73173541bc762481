// Hours of captions take the simulator hundreds of ms to make or read. It does that work in slices, so it keeps
// answering meanwhile, and the captions it serves are still byte for byte what the synchronous generator writes.
// At this speed the model's time is next to nothing, so a track turns ready the moment its text is made: every
// answer that still says `preparing` came while the captions were being made.
import type Mux from '@mux/mux-node';
import type { Asset, Track } from '@mux/mux-node/resources/video/assets';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { generateCaptions, toPlainText, toWebVtt } from '../../src/sim/content/index.js';
import { startVideoSim, type VideoSim } from '../support/video-sim.js';
import { waitFor } from '../support/wait.js';

/** Ten hours: about 8,700 cues, 760 KB of WebVTT. */
const LONG_SECONDS = 36_000;
/**
 * Requests answered one after another while the work went on. Done in one go, the work would let through only
 * what was already on its way before it began (none to a few); in slices, dozens get through.
 */
const MANY_ANSWERS = 10;

let v: VideoSim;

beforeAll(async () => {
  v = await startVideoSim({ speed: 1e9 });
});

afterEach(() => {
  expect(v.contractViolations).toEqual([]);
});

afterAll(async () => {
  await v.close();
});

function expectedCues(asset: Asset) {
  const spokenLanguage = v.sim.context.state.assets.get(asset.id)?.spokenLanguage ?? '';
  return generateCaptions({ seed: asset.id, languageCode: spokenLanguage, durationSeconds: asset.duration ?? 0 });
}

async function trackStatus(mux: Mux, assetId: string, trackId: string): Promise<Track['status']> {
  const asset = await mux.video.assets.retrieve(assetId);
  return asset.tracks?.find((track) => track.id === trackId)?.status;
}

function textUrl(asset: Asset, trackId: string, extension: 'vtt' | 'txt'): string {
  return `${v.sim.streamUrl}/${asset.playback_ids?.[0]?.id ?? ''}/text/${trackId}.${extension}`;
}

describe('hours of captions', () => {
  let asset: Asset;
  let track: Track;

  it('answers other requests while it makes generated captions, which match the synchronous generator', async () => {
    asset = await v.readyAsset({ url: `https://media.example.com/ten-hours.mp4?duration=${LONG_SECONDS}` });
    const audio = asset.tracks?.find((candidate) => candidate.type === 'audio');
    const [requested] = await v.mux.video.assets.generateSubtitles(asset.id, audio?.id ?? '', {
      generated_subtitles: [{ language_code: 'en' }],
    });
    track = requested as Track;
    expect(track.status).toBe('preparing');

    const statuses: Track['status'][] = [];
    await waitFor(
      async () => {
        const status = await trackStatus(v.mux, asset.id, track.id ?? '');
        statuses.push(status);
        return status === 'ready';
      },
      { timeoutMs: 15_000, intervalMs: 1, description: 'the long track to be ready' },
    );
    expect(statuses.filter((status) => status === 'preparing').length).toBeGreaterThanOrEqual(MANY_ANSWERS);
    expect(statuses.at(-1)).toBe('ready');

    const vtt = await v.checkedFetch(textUrl(asset, track.id ?? '', 'vtt'));
    expect(vtt.status).toBe(200);
    expect(await vtt.text()).toBe(toWebVtt(expectedCues(asset)));
  });

  it('answers other requests while it reads them back for the transcript', async () => {
    // The transcript is made in full before its response starts, so the headers mark the end of the work.
    let answered = false;
    const transcript = fetch(textUrl(asset, track.id ?? '', 'txt')).finally(() => {
      answered = true;
    });
    let answeredMeanwhile = 0;
    while (!answered) {
      await trackStatus(v.mux, asset.id, track.id ?? '');
      if (!answered) answeredMeanwhile += 1;
    }
    expect(answeredMeanwhile).toBeGreaterThanOrEqual(MANY_ANSWERS);
    const response = await transcript;
    expect(response.status).toBe(200);
    expect(await response.text()).toBe(toPlainText(expectedCues(asset)));
  });
});
