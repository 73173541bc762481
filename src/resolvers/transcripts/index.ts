// Transcript work for the rest of the gateway. Webhook ingestion, the reconciler and job reads call the hook
// (captureTranscriptsAfter); schema and HTTP routes read through the rest.
export { type AppliedChange, capturePremiumOutputs, captureTranscriptsAfter } from './capture.js';
export { TranscriptUnavailableError } from './errors.js';
export {
  loadTranscripts,
  type TranscriptFormat,
  TranscriptView,
  transcriptOfAsset,
  transcriptOfCaptionJob,
  transcriptOfTrack,
  transcriptsOfAsset,
} from './read.js';
export { searchTranscripts, type TranscriptHit } from './search.js';
