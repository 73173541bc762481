import type { GatewayServices } from '../../context.js';

const queues = new WeakMap<GatewayServices, Map<string, Promise<unknown>>>();

/**
 * Runs tasks with the same key one after another, never together. Each capture first looks at what is
 * stored, so concurrent first reads of a transcript download it once, and a slower plain-text capture can
 * never overwrite premium captions that landed meanwhile.
 */
export function oneAtATime<T>(services: GatewayServices, key: string, task: () => Promise<T>): Promise<T> {
  let byKey = queues.get(services);
  if (!byKey) {
    byKey = new Map();
    queues.set(services, byKey);
  }
  const run = (byKey.get(key) ?? Promise.resolve()).then(task);
  const settled = run.catch(() => undefined);
  byKey.set(key, settled);
  void settled.then(() => {
    if (byKey.get(key) === settled) byKey.delete(key);
  });
  return run;
}
