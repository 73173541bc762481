/**
 * Mux's auto-generated VOD captions (`text_source: generated_vod`): the tracks appear `preparing` once the
 * asset is ready and take about 0.1x the asset's duration to finish (DOCS). They are written in the language
 * the asset speaks; `auto` becomes that language, with `auto_language_confidence`. Without audio they error.
 */
import type { AssetGeneratedSubtitleSettings, Track } from '@mux/mux-node/resources/video/assets';
import { detectSpokenLanguage } from '../content/index.js';
import type { SimContext } from '../context.js';
import { generatedVtt } from './captions.js';
import { addTextTrack, completeTextTrack, failTextTrack } from './operations.js';

/** Queueing and model start-up before the ~0.1x-duration recognition itself. */
const STARTUP_SECONDS = 5;
const GENERATION_RATE = 0.1;
/** How long it takes to find out there is nothing to listen to. */
const NO_AUDIO_FAILURE_SECONDS = 5;

function finishGeneratedTrack(context: SimContext, assetId: string, trackId: string, requested: string): void {
  const record = context.state.assets.get(assetId);
  if (!record) return;
  const vtt = generatedVtt(assetId, record.spokenLanguage, record.asset.duration ?? 0);
  if (requested !== 'auto') {
    completeTextTrack(context, assetId, trackId, vtt);
    return;
  }
  // The stored spoken language is the detector's hint, so it is what `auto` resolves to.
  const detected = detectSpokenLanguage(assetId, record.spokenLanguage);
  completeTextTrack(context, assetId, trackId, vtt, {
    languageCode: detected.languageCode,
    autoLanguageConfidence: detected.confidence,
  });
}

/** Adds one `preparing` generated track per request to a ready asset and schedules its outcome. */
export function addGeneratedCaptions(
  context: SimContext,
  assetId: string,
  requests: readonly AssetGeneratedSubtitleSettings[],
): Track[] {
  const record = context.state.assets.get(assetId);
  if (!record) throw new Error(`[sim] no asset ${assetId}`);
  return requests.map((request) => {
    const languageCode = request.language_code ?? 'en';
    const track = addTextTrack(context, assetId, {
      languageCode,
      textSource: 'generated_vod',
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.passthrough !== undefined ? { passthrough: request.passthrough } : {}),
    });
    const trackId = track.id ?? '';
    if (record.hasAudio) {
      const seconds = STARTUP_SECONDS + GENERATION_RATE * (record.asset.duration ?? 0);
      context.clock.after(seconds, () => finishGeneratedTrack(context, assetId, trackId, languageCode));
    } else {
      context.clock.after(NO_AUDIO_FAILURE_SECONDS, () =>
        failTextTrack(context, assetId, trackId, {
          type: 'invalid_input',
          messages: ['Subtitles could not be generated: the asset has no audio track.'],
        }),
      );
    }
    return track;
  });
}
