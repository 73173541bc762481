import { newJob } from '../../src/domain/model.js';
import { type CoreUnderTest, muxAsset, textTrack } from './fake-mux.js';

/**
 * An asset with an English track `old` and its replacement `new`, preparing, as captionsReplace leaves them,
 * and the replacement job that stands for the work.
 */
export async function replacementUnderWay(under: CoreUnderTest, requestedAt = Date.now()): Promise<string> {
  const asset = muxAsset('asset-1', 'ready', [
    textTrack('old', 'ready', { name: 'English CC' }),
    textTrack('new', 'preparing', { name: 'English CC (replacement)' }),
  ]);
  under.mux.assets.set('asset-1', structuredClone(asset));
  const job = newJob({
    kind: 'replacement',
    status: 'processing',
    assetId: 'asset-1',
    trackId: 'new',
    sourceTrackId: 'old',
    languageCode: 'en',
    requestedAt,
    parameters: { name: 'English CC', fileId: 'file-1' },
  });
  await under.store.transaction((tx) =>
    tx.captionFiles.save({ id: 'file-1', assetId: 'asset-1', vtt: 'WEBVTT\n', createdAt: Date.now() }),
  );
  await under.core.commit([
    { about: 'jobRequested', job },
    { about: 'asset', asset, from: { askedAt: Date.now() } },
  ]);
  return job.id;
}

/** Mux says the new track is now in `status`, as its webhook would. */
export async function newTrackBecomes(under: CoreUnderTest, status: 'ready' | 'errored'): Promise<void> {
  const track = under.mux.assets.get('asset-1')?.tracks?.find((candidate) => candidate.id === 'new');
  if (track) track.status = status;
  await under.core.commit([{ about: 'track', assetId: 'asset-1', track: textTrack('new', status), deleted: false }]);
  await under.background.idle();
}
