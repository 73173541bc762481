import type { z } from 'zod';
import { newJob } from '../../domain/model.js';
import { PreconditionError } from '../../errors.js';
import type { GatewayServices } from '../../services.js';
import type { ReplacementParameters } from '../../workflows/replacement.js';
import type { captionsReplaceInput } from './inputs.js';
import { type MutationOutcome, outcome } from './outcome.js';
import { findReadyTextTrack } from './preconditions.js';
import { createTrackFromFile, requireReachableGateway, sentCaptionsAsVtt } from './sent-captions.js';

/**
 * The seed's edit workflow done safely: the edited file is served by the gateway for Mux to fetch, and the
 * new track is created first (under a temporary name, since names are unique per asset). Retiring the old
 * track once the new one is ready is a state rule (workflows/replacement.ts), whatever brings the news.
 */
export async function replaceCaptions(
  services: GatewayServices,
  input: z.output<typeof captionsReplaceInput>,
): Promise<MutationOutcome> {
  const vtt = await sentCaptionsAsVtt(input);
  requireReachableGateway(services);
  const old = await findReadyTextTrack(services, input.trackId, ['input', 'trackId']);
  const languageCode = old.languageCode;
  if (!languageCode) {
    throw new PreconditionError(
      'no_language',
      'The track has no language code, so its replacement would not have one either.',
      ['input', 'trackId'],
    );
  }
  const name = input.name ?? old.name;
  const { created, fileId } = await createTrackFromFile(services, old.assetId, vtt, {
    language_code: languageCode,
    name: `${name ?? languageCode} (replacement)`,
    closed_captions: input.closedCaptions ?? old.closedCaptions ?? false,
  });
  const parameters: ReplacementParameters = { name, fileId };
  const job = newJob({
    kind: 'replacement',
    status: 'processing',
    assetId: old.assetId,
    trackId: created.id ?? null,
    languageCode,
    sourceTrackId: old.muxId,
    parameters: { ...parameters },
  });
  await services.core.commit([
    { about: 'jobRequested', job },
    { about: 'tracksCreated', assetId: old.assetId, tracks: [created] },
  ]);
  return outcome({ assetId: old.assetId, ...(created.id ? { trackId: created.id } : {}), jobIds: [job.id] });
}
