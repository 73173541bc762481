/** The caption text the Video API stores and serves, produced by the content module. */
import { generateCaptions, parseCaptionFile, toPlainText, toWebVtt } from '../content/index.js';

/** What Mux's VOD captioning "hears" in an asset: the same captions every time for the same asset. */
export function generatedVtt(assetId: string, spokenLanguage: string, durationSeconds: number): string {
  return toWebVtt(generateCaptions({ seed: assetId, languageCode: spokenLanguage, durationSeconds }));
}

/** An uploaded WebVTT or SRT file as the WebVTT Mux serves for it; rejects when it is not a caption file. */
export async function captionFileAsVtt(text: string): Promise<string> {
  return toWebVtt((await parseCaptionFile(text)).cues);
}

/** The `.txt` transcript of a stored WebVTT track. */
export async function transcriptOf(vtt: string): Promise<string> {
  return toPlainText((await parseCaptionFile(vtt)).cues);
}
