/**
 * Mux retries a delivery that gets no 2xx "for up to 24 hours with growing delays" and does not publish the
 * curve. The simulator doubles the delay from 1 s, caps it at 1 h, and stops once the next wait would pass 24 h.
 */
const FIRST_DELAY_SECONDS = 1;
const MAX_DELAY_SECONDS = 60 * 60;
const RETRY_WINDOW_SECONDS = 24 * 60 * 60;

function retryDelays(): number[] {
  const delays: number[] = [];
  let elapsed = 0;
  for (
    let delay = FIRST_DELAY_SECONDS;
    elapsed + delay <= RETRY_WINDOW_SECONDS;
    delay = Math.min(delay * 2, MAX_DELAY_SECONDS)
  ) {
    delays.push(delay);
    elapsed += delay;
  }
  return delays;
}

/** Simulated seconds to wait after failed attempt n (index n - 1). */
export const RETRY_DELAYS_SECONDS: readonly number[] = retryDelays();

/** The first attempt plus every retry: what `attempts[].max_attempts` reports. */
export const MAX_ATTEMPTS = RETRY_DELAYS_SECONDS.length + 1;

/** Simulated seconds before the attempt after `attempt`, or undefined when `attempt` was the last. */
export function retryDelayAfter(attempt: number): number | undefined {
  return RETRY_DELAYS_SECONDS[attempt - 1];
}
