/** The gateway cannot read this transcript from Mux, for a reason the client can act on. */
export class TranscriptUnavailableError extends Error {
  override readonly name = 'TranscriptUnavailableError';
}
