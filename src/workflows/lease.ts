import type { Store } from '../db/store.js';

/**
 * A lease on one piece of background work, so that of several instances sharing a database one does it at a
 * time. It lasts `ttlMs` from each renewal; an instance that stops renewing (it stopped, or died) loses it to
 * the next that asks. On SQLite there is one instance, which always gets it.
 */
export class Lease {
  constructor(
    private readonly store: Store,
    readonly name: string,
    private readonly ttlMs: number,
  ) {}

  /** Takes the lease, or renews it when this instance holds it; false while another instance does. */
  hold(): Promise<boolean> {
    const now = Date.now();
    return this.store.transaction((tx) => tx.leases.claim(this.name, this.store.instanceId, now, now + this.ttlMs));
  }

  /** Gives it up, so another instance need not wait for it to run out. */
  release(): Promise<void> {
    return this.store.transaction((tx) => tx.leases.release(this.name, this.store.instanceId));
  }

  /**
   * Runs `work` holding the lease, renewing it every third of its time until the work is done, then gives it
   * up; false (and `work` not run) when another instance holds it.
   */
  async whileHeld(work: () => Promise<void>): Promise<boolean> {
    if (!(await this.hold())) return false;
    const renewal = setInterval(() => void this.hold().catch(() => undefined), this.ttlMs / 3);
    renewal.unref();
    try {
      await work();
    } finally {
      clearInterval(renewal);
      await this.release();
    }
    return true;
  }
}
