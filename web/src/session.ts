/** What the gateway tells the page before anything else (`/studio/config.json`). */
export interface StudioConfig {
  simulated: boolean;
  /** The simulator's development key, given only when the gateway is reachable from this machine alone. */
  apiKey?: string;
}

const KEY_STORAGE = 'caption-studio.api-key';

export async function loadConfig(): Promise<StudioConfig> {
  const response = await fetch('/studio/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`The gateway answered ${response.status} for its studio settings.`);
  return (await response.json()) as StudioConfig;
}

/** The key lives for this tab only: sessionStorage, never localStorage or a cookie. */
export const storedKey = {
  read: (): string | undefined => sessionStorage.getItem(KEY_STORAGE) ?? undefined,
  write: (key: string): void => sessionStorage.setItem(KEY_STORAGE, key),
  clear: (): void => sessionStorage.removeItem(KEY_STORAGE),
};
