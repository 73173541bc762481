/**
 * The caption text the Video API stores and serves, produced by the content module. Hours of captions take
 * hundreds of ms to make or read, so the work goes in slices (see SliceScheduler) and the simulator keeps answering.
 */
import { captionSteps, parseCaptionFile, plainTextSteps, type Steps, webVttSteps } from '../content/index.js';
import type { Slices } from '../slices.js';

/** What Mux's VOD captioning "hears" in an asset: the same captions every time for the same asset. */
export function* generatedVttSteps(assetId: string, spokenLanguage: string, durationSeconds: number): Steps<string> {
  return yield* webVttSteps(yield* captionSteps({ seed: assetId, languageCode: spokenLanguage, durationSeconds }));
}

/** An uploaded WebVTT or SRT file as the WebVTT Mux serves for it; rejects when it is not a caption file. */
export async function captionFileAsVtt(text: string, slices: Slices): Promise<string> {
  return slices.run(webVttSteps((await parseCaptionFile(text, slices.pause)).cues));
}

/** The `.txt` transcript of a stored WebVTT track. */
export async function transcriptOf(vtt: string, slices: Slices): Promise<string> {
  return slices.run(plainTextSteps((await parseCaptionFile(vtt, slices.pause)).cues));
}
