import type { Simulator } from '../../src/sim/index.js';

/** Counts the Mux API calls the simulator served from now on (admin and stream-host requests excluded). */
export function upstreamCalls(simulator: Simulator): () => { method: string; path: string }[] {
  const start = simulator.context.state.requests.length;
  return () =>
    simulator.context.state.requests
      .slice(start)
      .filter((entry) => /^\/(video|robots|system)\//.test(entry.path))
      .map(({ method, path }) => ({ method, path }));
}

/** When (simulated clock, ms) the simulator served each call to `path` from now on. */
export function upstreamCallTimes(simulator: Simulator, method: string, path: string): () => number[] {
  const start = simulator.context.state.requests.length;
  return () =>
    simulator.context.state.requests
      .slice(start)
      .filter((entry) => entry.method === method && entry.path === path)
      .map((entry) => entry.atMs);
}
