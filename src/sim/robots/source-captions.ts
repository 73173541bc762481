import type { JobError } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { Track } from '@mux/mux-node/resources/video/assets';
import { CaptionParseError, type Cue, parseCaptionFile } from '../content/index.js';
import type { SimContext } from '../context.js';
import { readyTextTrack } from '../video/operations.js';

export type SourceCaptions = { track: Track; cues: Cue[] } | { error: JobError };

/** The cues of the ready text track a job works on, or the job error when it vanished or cannot be read. */
export async function readSourceCaptions(
  context: SimContext,
  assetId: string,
  trackId: string,
): Promise<SourceCaptions> {
  const source = readyTextTrack(context, assetId, trackId);
  if (!source) {
    return {
      error: {
        type: 'precondition_failed',
        message: `Track ${trackId} is not a ready text track on asset ${assetId}`,
        retryable: false,
      },
    };
  }
  try {
    const { cues } = await parseCaptionFile(source.vtt);
    return { track: source.track, cues };
  } catch (error) {
    if (!(error instanceof CaptionParseError)) throw error;
    return {
      error: {
        type: 'invalid_captions',
        message: `Track ${trackId} could not be parsed: ${error.message}`,
        retryable: false,
      },
    };
  }
}
