import { inSpan } from '../observability/tracing.js';
import { CaptionSourceError } from '../transcripts/parse.js';
import { UpstreamError } from './errors.js';

const DOWNLOAD_TIMEOUT_MS = 15_000;

/** What a failed download means for a caller: the same failures as the API's, so clients see one error model. */
function failure(status: number, what: string): UpstreamError {
  const messages = [`${what} answered HTTP ${status}`];
  if (status === 404) return new UpstreamError({ kind: 'not_found', status, messages });
  if (status === 429)
    return new UpstreamError({ kind: 'rate_limited', status, retryAfterSeconds: undefined, messages });
  if (status >= 500) return new UpstreamError({ kind: 'unavailable', status, messages });
  return new UpstreamError({ kind: 'rejected', status, type: 'download_failed', messages });
}

/**
 * Downloads a text file from the stream host or a Robots output URL, reading no more than `limitBytes`.
 * Errors never carry the URL, which may hold a playback token or a pre-signed storage signature.
 */
export function downloadText(url: string, limitBytes: number, what: string): Promise<string> {
  return inSpan('mux download', { 'mux.download.source': what }, () => download(url, limitBytes, what));
}

async function download(url: string, limitBytes: number, what: string): Promise<string> {
  let response: Response;
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch {
    throw new UpstreamError({ kind: 'unavailable', status: undefined, messages: [`${what} could not be reached`] });
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw failure(response.status, what);
  }
  const tooLarge = () => new CaptionSourceError(`${what} sent more than ${limitBytes} bytes`);
  if (Number(response.headers.get('content-length')) > limitBytes) {
    await response.body?.cancel();
    throw tooLarge();
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = response.body?.getReader();
  for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader?.read()) {
    size += chunk.value.byteLength;
    if (size > limitBytes) {
      await reader?.cancel();
      throw tooLarge();
    }
    chunks.push(chunk.value);
  }
  return Buffer.concat(chunks).toString('utf8');
}
