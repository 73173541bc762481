import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { SimulatorOptions } from '../config.js';
import { isRobotsPath, robotsError, videoError } from '../errors.js';

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** HTTP Basic auth with the access token id and secret, as Mux checks every API call. */
export function basicAuth(options: Pick<SimulatorOptions, 'tokenId' | 'tokenSecret'>): MiddlewareHandler {
  const expected = `Basic ${Buffer.from(`${options.tokenId}:${options.tokenSecret}`).toString('base64')}`;
  return async (c, next) => {
    if (sameText(c.req.header('authorization') ?? '', expected)) return next();
    return isRobotsPath(c.req.path)
      ? robotsError(c, 401, 'unauthorized', 'Unauthorized request')
      : videoError(c, 401, 'unauthorized', 'Unauthorized request');
  };
}
