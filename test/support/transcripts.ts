import type { Stack } from './stack.js';

/** A WebVTT file as a data: URL, which Create Track downloads like any other URL. */
export function vttDataUrl(cues: readonly string[]): string {
  const body = [
    'WEBVTT',
    ...cues.map(
      (text, index) =>
        `00:00:${String(index * 3).padStart(2, '0')}.000 --> ` +
        `00:00:${String(index * 3 + 2).padStart(2, '0')}.500\n${text}`,
    ),
  ].join('\n\n');
  return `data:text/vtt;base64,${Buffer.from(`${body}\n`).toString('base64')}`;
}

/** Stream-host requests for text tracks the simulator served from now on. */
export function streamTextRequests(stack: Stack): () => string[] {
  const start = stack.simulator.context.state.requests.length;
  return () =>
    stack.simulator.context.state.requests
      .slice(start)
      .filter((entry) => /\/text\//.test(entry.path))
      .map((entry) => entry.path);
}
