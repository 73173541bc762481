import { addCaptions } from '../../resolvers/mutations/add.js';
import { createAsset, createDirectUpload } from '../../resolvers/mutations/assets.js';
import { generateCaptions } from '../../resolvers/mutations/generate.js';
import {
  assetCreateInput,
  captionJobCancelInput,
  captionsAddInput,
  captionsEditInput,
  captionsGenerateInput,
  captionsReplaceInput,
  captionsTranslateInput,
  directUploadCreateInput,
  premiumCaptionsGenerateInput,
  trackDeleteInput,
  trackUpdateInput,
} from '../../resolvers/mutations/inputs.js';
import { replaceCaptions } from '../../resolvers/mutations/replace.js';
import {
  cancelCaptionJob,
  editCaptions,
  generatePremiumCaptions,
  translateCaptions,
} from '../../resolvers/mutations/robots.js';
import { deleteTrack, updateTrack } from '../../resolvers/mutations/tracks.js';
import { defineMutation } from './define.js';

defineMutation('assetCreate', {
  description: 'Creates an asset from a URL, optionally with auto-generated captions (one caption job per language).',
  input: assetCreateInput,
  payload: ['asset', 'captionJobs'],
  run: createAsset,
});

defineMutation('directUploadCreate', {
  description:
    'Creates a direct upload: the browser PUTs the file to `upload.url`; the asset gets the captions asked for.',
  input: directUploadCreateInput,
  payload: ['upload', 'captionJobs'],
  run: createDirectUpload,
});

defineMutation('captionsGenerate', {
  description: 'Auto-generated captions for an existing asset (Mux does this within 7 days of the asset’s creation).',
  input: captionsGenerateInput,
  payload: ['asset', 'captionJobs'],
  run: generateCaptions,
});

defineMutation('premiumCaptionsGenerate', {
  description: 'Higher-accuracy captions from Mux Robots, with speakers, word timings and phrase hints.',
  input: premiumCaptionsGenerateInput,
  payload: ['asset', 'captionJob'],
  run: generatePremiumCaptions,
});

defineMutation('captionsAdd', {
  description:
    'Adds a text track from your own captions: give exactly one of `vtt` or `srt` (a file as text, at most 5 MiB), ' +
    '`cues` (at most 20000), which the gateway checks and serves for Mux to fetch, or `url` (Mux downloads the ' +
    'file itself). The job completes when Mux has the track ready; its transcript is then kept and searchable.',
  input: captionsAddInput,
  payload: ['asset', 'track', 'captionJob'],
  run: addCaptions,
});

defineMutation('captionsReplace', {
  description:
    'Replaces a text track with edited captions (exactly one of `vtt`, `srt` and `cues`); the old track stays ' +
    'until the new one is ready.',
  input: captionsReplaceInput,
  payload: ['asset', 'track', 'captionJob'],
  run: replaceCaptions,
});

defineMutation('captionsTranslate', {
  description: 'Translates a text track into another language (Mux Robots).',
  input: captionsTranslateInput,
  payload: ['asset', 'captionJob'],
  run: translateCaptions,
});

defineMutation('captionsEdit', {
  description: 'Find and replace, speaker renames and profanity censoring on a text track (Mux Robots).',
  input: captionsEditInput,
  payload: ['asset', 'captionJob'],
  run: editCaptions,
});

defineMutation('captionJobCancel', {
  description: 'Cancels a pending or processing Robots job.',
  input: captionJobCancelInput,
  payload: ['asset', 'captionJob'],
  run: cancelCaptionJob,
});

defineMutation('trackUpdate', {
  description: 'Renames a text track, or changes its closed-captions flag or language.',
  input: trackUpdateInput,
  payload: ['asset', 'track'],
  run: updateTrack,
});

defineMutation('trackDelete', {
  description: 'Deletes a text track or an extra audio track.',
  input: trackDeleteInput,
  payload: ['asset', 'deletedTrackId'],
  run: deleteTrack,
});
