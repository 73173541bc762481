/**
 * What the simulator "finds" in an input file. Nothing is downloaded or decoded, so everything Mux would learn
 * from the media is derived deterministically from the input URL (or, for direct uploads, from the uploaded
 * bytes plus the query of the URL they were PUT to). Conventions, all optional:
 *
 * - `duration=95.5`   (query) duration in seconds; otherwise 30–600 s derived from a hash of the URL or bytes.
 * - `lang=es`         (query; also `language=`, or a file name like `talk.es.mp4`) spoken language, read by the
 *                     content module's language detection; English otherwise. It is what `auto` resolves to.
 * - `no-audio`        (anywhere in the URL) the file has no audio track, so generated captions error.
 * - `fail=download`   (query) the file cannot be downloaded: `errors.type = download_failed`.
 * - `fail=<other>`    (query) the file is not valid media: `errors.type = invalid_input`.
 * - A URL that is not http(s) (ftp://, s3://, …) cannot be downloaded; an empty upload is not valid media.
 */
import { createHash } from 'node:crypto';
import { detectSpokenLanguage } from '../content/index.js';
import type { MuxErrorDetail } from './events.js';

export interface VideoProfile {
  width: number;
  height: number;
  frameRate: number;
  aspectRatio: string;
}

export interface MediaProfile {
  durationSeconds: number;
  spokenLanguage: string;
  hasAudio: boolean;
  video: VideoProfile;
  /** Set when ingest fails: the asset turns `errored` with these `errors`. */
  failure?: MuxErrorDetail;
}

const FULL_HD: VideoProfile = { width: 1920, height: 1080, frameRate: 29.97, aspectRatio: '16:9' };
const VIDEO_PROFILES: readonly VideoProfile[] = [
  FULL_HD,
  { width: 1920, height: 1080, frameRate: 25, aspectRatio: '16:9' },
  { width: 1280, height: 720, frameRate: 30, aspectRatio: '16:9' },
  { width: 1920, height: 800, frameRate: 24, aspectRatio: '12:5' },
  { width: 1080, height: 1920, frameRate: 30, aspectRatio: '9:16' },
];

const MAX_DURATION_SECONDS = 12 * 60 * 60;

function hashNumber(seed: string): number {
  return createHash('sha256').update(seed).digest().readUInt32BE(0);
}

function defaultDuration(hash: number): number {
  return 30 + (hash % 570_000) / 1000;
}

function hintedDuration(query: URLSearchParams): number | undefined {
  const value = Number(query.get('duration') ?? Number.NaN);
  return Number.isFinite(value) && value > 0 ? Math.min(value, MAX_DURATION_SECONDS) : undefined;
}

function hintedFailure(query: URLSearchParams, source: string): MuxErrorDetail | undefined {
  const fail = query.get('fail');
  if (fail === null) return undefined;
  return fail === 'download'
    ? { type: 'download_failed', messages: [`The input file '${source}' could not be downloaded.`] }
    : { type: 'invalid_input', messages: ['The input file does not contain a valid video or audio stream.'] };
}

function profile(
  seed: string,
  hash: number,
  hint: string,
  query: URLSearchParams,
  failure?: MuxErrorDetail,
): MediaProfile {
  return {
    durationSeconds: hintedDuration(query) ?? defaultDuration(hash),
    spokenLanguage: detectSpokenLanguage(seed, hint).languageCode,
    hasAudio: !/no-audio/i.test(hint),
    video: VIDEO_PROFILES[hash % VIDEO_PROFILES.length] ?? FULL_HD,
    ...(failure ? { failure } : {}),
  };
}

/** The media behind an input URL (already known to parse as a URL). */
export function profileFromUrl(url: string): MediaProfile {
  const parsed = new URL(url);
  const downloadable = parsed.protocol === 'http:' || parsed.protocol === 'https:';
  const failure = downloadable
    ? hintedFailure(parsed.searchParams, url)
    : { type: 'download_failed', messages: [`The input file '${url}' could not be downloaded.`] };
  return profile(url, hashNumber(url), url, parsed.searchParams, failure);
}

/**
 * The media of a direct upload: derived from the SHA-256 of its bytes (the simulator never keeps the file), with
 * hints from the query of the URL it was PUT to.
 */
export function profileFromUpload(contentSha256: Buffer, byteLength: number, putUrl: string): MediaProfile {
  const parsed = new URL(putUrl);
  const failure =
    byteLength === 0
      ? { type: 'invalid_input', messages: ['The uploaded file is empty.'] }
      : hintedFailure(parsed.searchParams, 'upload');
  return profile(contentSha256.toString('hex'), contentSha256.readUInt32BE(0), putUrl, parsed.searchParams, failure);
}
