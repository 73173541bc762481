/**
 * Mux's auto-generated VOD captions (`text_source: generated_vod`): the tracks appear `preparing` once the
 * asset is ready and take about 0.1x the asset's duration to finish (DOCS). They are written in the language
 * the asset speaks; `auto` becomes that language, with `auto_language_confidence`. Without audio they error.
 */
import type { AssetGeneratedSubtitleSettings, Track } from '@mux/mux-node/resources/video/assets';
import { detectSpokenLanguage } from '../content/index.js';
import type { SimContext } from '../context.js';
import { generatedVttSteps } from './captions.js';
import { addTextTrack, completeTextTrack, failTextTrack } from './operations.js';

/** Queueing and model start-up before the ~0.1x-duration recognition itself. */
const STARTUP_SECONDS = 5;
const GENERATION_RATE = 0.1;
/** How long it takes to find out there is nothing to listen to. */
const NO_AUDIO_FAILURE_SECONDS = 5;

function finishGeneratedTrack(
  context: SimContext,
  assetId: string,
  trackId: string,
  requested: string,
  vtt: string,
): void {
  const record = context.state.assets.get(assetId);
  if (!record) return;
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
  const duration = record.asset.duration ?? 0;
  const seconds = STARTUP_SECONDS + GENERATION_RATE * duration;
  // Recognition starts with the request, not when the model's time is up, so the text is there by then; every
  // track asked for at once shares it, since the captions follow the spoken language whatever was requested.
  const captions =
    record.hasAudio && requests.length > 0
      ? context.clock.within(seconds, (slices) =>
          slices.run(generatedVttSteps(assetId, record.spokenLanguage, duration)),
        )
      : undefined;
  return requests.map((request) => {
    const languageCode = request.language_code ?? 'en';
    const track = addTextTrack(context, assetId, {
      languageCode,
      textSource: 'generated_vod',
      ...(request.name !== undefined ? { name: request.name } : {}),
      ...(request.passthrough !== undefined ? { passthrough: request.passthrough } : {}),
    });
    const trackId = track.id ?? '';
    if (captions) {
      void captions.then((vtt) => finishGeneratedTrack(context, assetId, trackId, languageCode, vtt));
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
