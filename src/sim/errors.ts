import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Video and System APIs: `messages` is an array. */
export function videoError(c: Context, status: ContentfulStatusCode, type: string, ...messages: string[]): Response {
  return c.json({ error: { type, messages } }, status);
}

/** Robots API: `message` is a single string. */
export function robotsError(c: Context, status: ContentfulStatusCode, type: string, message: string): Response {
  return c.json({ error: { type, message } }, status);
}

/** Stream host (`PlaybackErrorResponse`). */
export function streamError(c: Context, status: ContentfulStatusCode, code: number, message: string): Response {
  return c.json({ code, message }, status);
}

export function isRobotsPath(path: string): boolean {
  return path.startsWith('/robots/');
}
