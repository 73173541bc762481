import type { z } from 'zod';
import { newJob } from '../../domain/model.js';
import { ConflictError } from '../../errors.js';
import type { GatewayServices } from '../../services.js';
import type { captionsAddInput } from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import { findReadyAsset, textTrackNamed } from './preconditions.js';
import { createTrackFromFile, requireReachableGateway, sentCaptionsAsVtt } from './sent-captions.js';

type AddInput = z.output<typeof captionsAddInput>;

/** Where Mux gets the captions: the client's URL, or a file the gateway checked and serves. */
type CaptionsSource = { url: string } | { served: string };

/** What an added-captions job keeps of its request: where Mux fetches the file from. */
export interface AddedCaptionsParameters {
  /** The file the gateway serves for Mux (sent as text or cues), taken down when the job ends. */
  fileId: string | null;
  /** The client's own address of the file, when it gave one. */
  url: string | null;
}

/**
 * Adds a text track from the client's captions: a file sent as text or cues is checked and served by the
 * gateway (as captionsReplace does); a URL is handed to Mux as it is. The job follows its track: it completes
 * when Mux has the track ready (and its transcript is then kept) and errors when Mux cannot use the file.
 */
export async function addCaptions(services: GatewayServices, input: AddInput): Promise<MutationOutcome> {
  const source: CaptionsSource =
    input.url !== undefined ? { url: input.url } : { served: await sentCaptionsAsVtt(input) };
  if ('served' in source) requireReachableGateway(services);
  const asset = await findReadyAsset(services, input.assetId, ['input', 'assetId']);
  if (input.name !== undefined) {
    const taken = await textTrackNamed(services, asset.muxId, input.name);
    if (taken) {
      throw new ConflictError(
        `The asset already has a text track named "${input.name}" (${taken.muxId}); names are unique per asset.`,
        ['input', 'name'],
        { trackId: taken.muxId },
      );
    }
  }
  const track = {
    language_code: input.languageCode,
    closed_captions: input.closedCaptions,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.passthrough !== undefined ? { passthrough: input.passthrough } : {}),
  };
  const { created, fileId } =
    'url' in source
      ? {
          created: await services.mux.createTrack(asset.muxId, {
            url: source.url,
            type: 'text',
            text_type: 'subtitles',
            ...track,
          }),
          fileId: null,
        }
      : await createTrackFromFile(services, asset.muxId, source.served, track);
  const parameters: AddedCaptionsParameters = { fileId, url: input.url ?? null };
  const job = newJob({
    kind: 'added',
    status: 'processing',
    assetId: asset.muxId,
    trackId: created.id ?? null,
    languageCode: input.languageCode,
    parameters: { ...parameters },
  });
  await services.core.commit([
    { about: 'jobRequested', job },
    { about: 'tracksCreated', assetId: asset.muxId, tracks: [created] },
  ]);
  return outcome({ assetId: asset.muxId, ...(created.id ? { trackId: created.id } : {}), jobIds: [job.id] });
}
