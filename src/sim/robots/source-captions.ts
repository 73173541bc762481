import type { JobError } from '@mux/mux-node/resources/robots/jobs/jobs';
import type { Track } from '@mux/mux-node/resources/video/assets';
import { CaptionParseError, type Cue, type Pause, parseCaptionFile } from '../content/index.js';
import type { SimContext } from '../context.js';
import { readyTextTrack } from '../video/operations.js';

export type SourceCaptions = { cues: Cue[] } | { error: JobError };

function notReady(assetId: string, trackId: string): { error: JobError } {
  return {
    error: {
      type: 'precondition_failed',
      message: `Track ${trackId} is not a ready text track on asset ${assetId}`,
      retryable: false,
    },
  };
}

/** The cues of the ready text track a job works on, or the job error when it vanished or cannot be read. */
export async function readSourceCaptions(
  context: SimContext,
  assetId: string,
  trackId: string,
  pause: Pause,
): Promise<SourceCaptions> {
  const source = readyTextTrack(context, assetId, trackId);
  if (!source) return notReady(assetId, trackId);
  try {
    const { cues } = await parseCaptionFile(source.vtt, pause);
    return { cues };
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

/**
 * The source track as the job finds it when it delivers, or the job error when it was deleted while the job was
 * processing: the captions were read when processing started, but what became of the track meanwhile counts.
 */
export function sourceTrackNow(
  context: SimContext,
  assetId: string,
  trackId: string,
): { track: Track } | { error: JobError } {
  const source = readyTextTrack(context, assetId, trackId);
  return source ? { track: source.track } : notReady(assetId, trackId);
}
