/**
 * A few ready assets so a fresh simulator has something to show. They are built from the same pieces the API
 * uses (settings, media profile, ready fields, caption content), so they look exactly like API-created assets,
 * only created earlier and without webhooks.
 */
import type { Track } from '@mux/mux-node/resources/video/assets';
import { detectSpokenLanguage } from './content/index.js';
import type { SimContext } from './context.js';
import { preparingAsset, readyFields } from './video/asset-lifecycle.js';
import type { PlaybackIdRequest } from './video/asset-settings.js';
import { generatedVttSteps } from './video/captions.js';
import { profileFromUrl } from './video/media-profile.js';
import { newTextTrack } from './video/operations.js';

interface DemoAsset {
  url: string;
  title: string;
  passthrough: string;
  policy: PlaybackIdRequest['policy'];
  daysAgo: number;
  /** Generated captions already made for it: the requested language (`auto` resolves to the spoken one). */
  captions?: { languageCode: string; name?: string };
}

const DAY_SECONDS = 24 * 60 * 60;

const DEMO_ASSETS: readonly DemoAsset[] = [
  {
    url: 'https://media.example.com/demo/product-keynote.mp4?duration=312.48',
    title: 'Product keynote: captions for everyone',
    passthrough: 'demo-keynote',
    policy: 'public',
    daysAgo: 2,
    captions: { languageCode: 'en', name: 'English CC' },
  },
  {
    url: 'https://media.example.com/demo/customer-interview.mp4?duration=184.2',
    title: 'Customer interview (signed playback)',
    passthrough: 'demo-interview',
    policy: 'signed',
    daysAgo: 4,
    captions: { languageCode: 'en' },
  },
  {
    url: 'https://media.example.com/demo/entrevista-subtitulos.mp4?duration=246.9&lang=es',
    title: 'Entrevista: subtítulos accesibles',
    passthrough: 'demo-entrevista',
    policy: 'public',
    daysAgo: 1,
    captions: { languageCode: 'auto' },
  },
  {
    // Older than a week: self-service accounts can still generate captions for it.
    url: 'https://media.example.com/demo/team-standup.mp4?duration=95.3',
    title: 'Weekly team standup',
    passthrough: 'demo-standup',
    policy: 'public',
    daysAgo: 9,
  },
];

function readyGeneratedTrack(
  assetId: string,
  spokenLanguage: string,
  captions: NonNullable<DemoAsset['captions']>,
): Track {
  const auto = captions.languageCode === 'auto';
  const detected = detectSpokenLanguage(assetId, spokenLanguage);
  return {
    ...newTextTrack(
      {
        languageCode: auto ? detected.languageCode : captions.languageCode,
        textSource: 'generated_vod',
        ...(captions.name !== undefined ? { name: captions.name } : {}),
      },
      'ready',
    ),
    ...(auto ? { auto_language_confidence: detected.confidence } : {}),
  };
}

export async function seedDemoAssets(context: SimContext): Promise<void> {
  // Oldest first, so the newest-first asset list shows them in date order.
  for (const demo of [...DEMO_ASSETS].sort((a, b) => b.daysAgo - a.daysAgo)) {
    const settings = {
      inputs: [{ url: demo.url }],
      playback_policies: [demo.policy],
      video_quality: 'basic' as const,
      passthrough: demo.passthrough,
      meta: { title: demo.title },
    };
    const profile = profileFromUrl(demo.url);
    const asset = preparingAsset(context, settings, [{ policy: demo.policy }], { ingestType: 'on_demand_url' });
    Object.assign(asset, readyFields(asset, profile, settings.inputs), {
      created_at: String(context.clock.nowSeconds() - demo.daysAgo * DAY_SECONDS),
    });
    if (demo.captions) {
      const track = readyGeneratedTrack(asset.id, profile.spokenLanguage, demo.captions);
      asset.tracks = [...(asset.tracks ?? []), track];
      const vtt = await context.clock
        .slicesNow()
        .run(generatedVttSteps(asset.id, profile.spokenLanguage, asset.duration ?? 0));
      context.state.trackVtt.set(track.id ?? '', vtt);
    }
    context.state.assets.set(asset.id, { asset, spokenLanguage: profile.spokenLanguage, hasAudio: profile.hasAudio });
  }
}
