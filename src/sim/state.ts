import type { Asset } from '@mux/mux-node/resources/video/assets';
import type { Upload } from '@mux/mux-node/resources/video/uploads';

/**
 * Everything the simulated Mux environment holds. Wire objects are kept exactly as the API returns them
 * (typed by the official SDK, which is generated from Mux's OpenAPI document); what real Mux would know
 * but never returns sits beside them.
 */
export interface AssetRecord {
  asset: Asset;
  /** Language the asset's audio is spoken in; what `auto` resolves to. */
  spokenLanguage: string;
  hasAudio: boolean;
}

export interface UploadRecord {
  upload: Upload;
  /** Secret part of the upload URL, so only the holder of `upload.url` can PUT the file. */
  putToken: string;
}

export type RobotsWorkflow = 'generate-premium-captions' | 'edit-captions' | 'translate-captions';

export interface RobotsJob {
  id: string;
  workflow: RobotsWorkflow;
  status: 'pending' | 'processing' | 'completed' | 'errored' | 'cancelled';
  units_consumed: number;
  created_at: number;
  updated_at: number;
  parameters: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  errors?: { type: string; message: string; retryable?: boolean }[];
  passthrough?: string;
  resources?: {
    assets: { id: string; passthrough?: string; meta?: Record<string, unknown>; _links: { self: { href: string } } }[];
  };
}

/** A file behind a temporary URL (premium caption SRT, word timings), gone after `expiresAtMs`. */
export interface TemporaryFile {
  body: string;
  contentType: string;
  expiresAtMs: number;
}

export interface SigningKeyRecord {
  id: string;
  createdAt: number;
  publicKeyPem: string;
}

export interface RequestLogEntry {
  method: string;
  path: string;
  status: number;
  atMs: number;
}

export class SimState {
  readonly assets = new Map<string, AssetRecord>();
  readonly uploads = new Map<string, UploadRecord>();
  readonly jobs = new Map<string, RobotsJob>();
  /** WebVTT text of every text track, by track id: what the stream host serves. */
  readonly trackVtt = new Map<string, string>();
  readonly temporaryFiles = new Map<string, TemporaryFile>();
  readonly signingKeys = new Map<string, SigningKeyRecord>();
  readonly requests: RequestLogEntry[] = [];

  findAssetByPlaybackId(playbackId: string): AssetRecord | undefined {
    for (const record of this.assets.values()) {
      if (record.asset.playback_ids?.some((playback) => playback.id === playbackId)) return record;
    }
    return undefined;
  }
}
