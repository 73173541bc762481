export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Names what is awaited in the timeout error. */
  description?: string;
}

/**
 * Polls `probe` until it returns a value other than undefined, null or false, and resolves with it. Lifecycles in
 * the simulator run on timers, so tests wait for outcomes instead of sleeping for a guessed time.
 */
export async function waitFor<T>(
  probe: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 5_000, intervalMs = 10, description = 'condition' }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() >= deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
