/**
 * Text tracks created from a URL (Create Track, or a `type: text` input of a new asset): the simulator really
 * downloads the file, parses it as WebVTT or SRT and keeps it as WebVTT, so an edited caption file round-trips.
 */
import type { Track } from '@mux/mux-node/resources/video/assets';
import type { SimContext } from '../context.js';
import type { Slices } from '../slices.js';
import { captionFileAsVtt } from './captions.js';
import type { MuxErrorDetail } from './events.js';
import { addTextTrack, completeTextTrack, failTextTrack, type NewTextTrack } from './operations.js';

/** Simulated time Mux takes to process a downloaded caption file. */
const PROCESSING_SECONDS = 3;
const DOWNLOAD_TIMEOUT_MS = 15_000;

class IngestError extends Error {
  constructor(readonly detail: MuxErrorDetail) {
    super(detail.messages.join(' '));
  }
}

async function download(url: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw new IngestError({
      type: 'download_failed',
      messages: [`The text track file '${url}' could not be downloaded.`],
    });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new IngestError({
      type: 'download_failed',
      messages: [`The text track file '${url}' could not be downloaded (HTTP ${response.status}).`],
    });
  }
  return response.text();
}

async function convert(text: string, slices: Slices): Promise<string> {
  try {
    return await captionFileAsVtt(text, slices);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IngestError({
      type: 'invalid_input',
      messages: [`The text track file is not valid WebVTT or SRT: ${reason}`],
    });
  }
}

/** Adds a `preparing` uploaded text track; it turns `ready` or `errored` once the file has been fetched. */
export function ingestTextTrack(
  context: SimContext,
  assetId: string,
  url: string,
  spec: Omit<NewTextTrack, 'textSource'>,
): Track {
  const track = addTextTrack(context, assetId, { ...spec, textSource: 'uploaded' });
  const trackId = track.id ?? '';
  // Processing starts once the file is in: it is converted meanwhile, and a file that is not captions fails at once.
  download(url)
    .then((text) => context.clock.within(PROCESSING_SECONDS, (slices) => convert(text, slices)))
    .then(
      (vtt) => completeTextTrack(context, assetId, trackId, vtt),
      (error: unknown) => {
        const detail =
          error instanceof IngestError
            ? error.detail
            : { type: 'invalid_input', messages: ['The text track file could not be processed.'] };
        failTextTrack(context, assetId, trackId, detail);
      },
    );
  return track;
}
