import { isLoopbackHost } from '../loopback.js';
import type { GatewaySettings } from '../services.js';

/** What a page on another origin may send: the API key and a JSON body, nothing that rides on cookies. */
export const CORS_ALLOWED_HEADERS = ['authorization', 'content-type', 'accept'];
/** How long a browser may keep a preflight's answer. */
export const CORS_MAX_AGE_SECONDS = 600;

/**
 * Which origin a cross-origin request may be answered for: one listed in CORS_ORIGINS (or any, with `*`), and on
 * the simulator any page on this machine (a studio or app on its dev server). Undefined refuses: the browser
 * then withholds the answer. Credentials are never allowed, whatever the origin: keys travel in a header, so no
 * page can ride on a cookie the browser would add by itself.
 */
export function corsOriginPolicy(
  settings: Pick<GatewaySettings, 'corsOrigins' | 'simulated'>,
): (origin: string | null | undefined) => string | undefined {
  const listed = new Set(settings.corsOrigins);
  return (origin) => {
    if (!origin) return undefined;
    if (listed.has('*') || listed.has(origin)) return origin;
    return settings.simulated && URL.canParse(origin) && isLoopbackHost(new URL(origin).hostname) ? origin : undefined;
  };
}
