import { mutate } from './mutations.js';
import type { Stack } from './stack.js';
import { waitFor } from './wait.js';

/** A ready 30-second asset with a public playback ID, made with the SDK as any Mux user would. */
export async function readyAsset(stack: Stack, name: string): Promise<string> {
  const asset = await stack.mux.video.assets.create({
    inputs: [{ url: `https://example.com/${name}.mp4?duration=30` }],
    playback_policies: ['public'],
  });
  await waitFor(async () => (await stack.mux.video.assets.retrieve(asset.id)).status === 'ready');
  return asset.id;
}

/** Starts English premium captions with the gateway's mutation; returns the CaptionJob id. */
export async function startPremiumCaptions(stack: Stack, assetId: string): Promise<string> {
  const payload = await mutate<{ captionJob: { id: string; status: string } }>(
    stack,
    'premiumCaptionsGenerate',
    'captionJob { id status }',
    { assetId, languageCode: 'en' },
  );
  if (payload.userErrors.length > 0 || payload.captionJob.status !== 'PENDING')
    throw new Error(`premiumCaptionsGenerate: ${JSON.stringify(payload)}`);
  return payload.captionJob.id;
}
