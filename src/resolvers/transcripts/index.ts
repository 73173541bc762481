// Transcript work for the rest of the gateway. Webhook ingestion, the reconciler and job reads call the hook
// (captureTranscriptsAfter); schema and HTTP routes read through the rest.
export { capturePremiumOutputs, captureTranscriptsAfter, type AppliedChange } from './capture.js';
export { TranscriptUnavailableError } from './errors.js';
export { loadTranscripts, transcriptOfAsset, transcriptOfCaptionJob, transcriptOfTrack, transcriptsOfAsset, TranscriptView, type TranscriptFormat } from './read.js';
export { searchTranscripts, type TranscriptHit } from './search.js';
