import type Mux from '@mux/mux-node';

export type TextFormat = 'vtt' | 'txt';

export interface PlaybackId {
  id: string;
  policy: string;
}

/**
 * Builds stream-host URLs for text tracks (the SDK has no helper for the stream host). A public playback
 * ID is preferred; with only a signed one the URL carries a playback token (aud "v", as Mux requires for
 * text tracks) signed with the configured signing key.
 */
export class StreamHost {
  constructor(
    private readonly mux: Mux,
    private readonly baseUrl: string,
  ) {}

  get canSign(): boolean {
    return Boolean(this.mux.jwtSigningKey && this.mux.jwtPrivateKey);
  }

  async textTrackUrl(
    playbackIds: readonly PlaybackId[],
    trackId: string,
    format: TextFormat,
  ): Promise<string | undefined> {
    const publicId = playbackIds.find((playback) => playback.policy === 'public');
    if (publicId) return this.#url(publicId.id, trackId, format);
    const signedId = playbackIds.find((playback) => playback.policy === 'signed');
    if (!signedId || !this.canSign) return undefined;
    const token = await this.mux.jwt.signPlaybackId(signedId.id, { type: 'video' });
    return `${this.#url(signedId.id, trackId, format)}?token=${encodeURIComponent(token)}`;
  }

  #url(playbackId: string, trackId: string, format: TextFormat): string {
    return `${this.baseUrl.replace(/\/$/, '')}/${encodeURIComponent(playbackId)}/text/${encodeURIComponent(trackId)}.${format}`;
  }
}
