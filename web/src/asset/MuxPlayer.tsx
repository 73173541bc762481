import type MuxPlayerElement from '@mux/mux-player';
import { createElement, useEffect, useRef } from 'react';

// Google's Cast SDK is served only from Google's CDN, and the studio loads no code from outside the gateway:
// casting stays off. Mux Player's cast support (castable-video) loads the SDK only when `chrome.cast` is absent.
const page = globalThis as { chrome?: { cast?: unknown } };
page.chrome ??= {};
page.chrome.cast ??= { isAvailable: false };
await import('@mux/mux-player');

interface Props {
  playbackId: string;
  title: string;
  /** Where to seek to: a chosen cue's start. */
  time: number;
  onTime: (seconds: number) => void;
}

/**
 * Mux Player, bundled (no CDN) and loaded only on real Mux; the caption tracks come with the HLS manifest, and
 * Mux Player shows captions by default.
 */
export default function MuxPlayer({ playbackId, title, time, onTime }: Props) {
  const player = useRef<MuxPlayerElement>(null);
  useEffect(() => {
    if (player.current && Math.abs(player.current.currentTime - time) > 0.25) player.current.currentTime = time;
  }, [time]);
  useEffect(() => {
    const element = player.current;
    if (!element) return;
    const report = () => onTime(element.currentTime);
    element.addEventListener('timeupdate', report);
    return () => element.removeEventListener('timeupdate', report);
  }, [onTime]);
  return createElement('mux-player', {
    ref: player,
    'playback-id': playbackId,
    'metadata-video-title': title,
    'stream-type': 'on-demand',
    className: 'player',
    style: { '--cast-button': 'none' },
  });
}
