import { Repeater } from 'graphql-yoga';

export interface LiveOptions<T> {
  /** The topic's updates (a pubsub subscription). */
  updates: AsyncIterable<T>;
  /** The state right now, sent first. */
  current: () => Promise<readonly T[]>;
  key: (item: T) => string;
  /** Two items with one version say the same thing: the second is not sent. */
  version: (item: T) => string | Promise<string>;
  /** Whether `next` may follow `previous` of the same key; an item that would move backwards is not sent. */
  mayFollow: (previous: T, next: T) => boolean;
  /** An item that ends the stream: sent, then the stream completes (`send`), or the stream completes at once (`drop`). */
  ends?: (item: T) => 'send' | 'drop' | undefined;
}

/**
 * A subscription stream that starts with the current state and goes on with updates, each sent once and
 * never backwards. It listens before it reads the current state, so nothing that happens in between is
 * missed. A Repeater, unlike an async generator, can be stopped while it waits for the next update, so a
 * client that goes away takes its listener with it at once.
 */
export async function live<T>(options: LiveOptions<T>): Promise<AsyncIterable<T>> {
  const updates = options.updates[Symbol.asyncIterator]();
  const firstUpdate = updates.next();
  let current: readonly T[];
  try {
    current = await options.current();
  } catch (error) {
    await updates.return?.();
    throw error;
  }
  return new Repeater<T>(async (push, stop) => {
    void stop.then(() => updates.return?.());
    const sent = new Map<string, { item: T; version: string }>();
    /** Sends `item` unless it says nothing new; true once the stream is over. */
    const offer = async (item: T): Promise<boolean> => {
      const key = options.key(item);
      const version = await options.version(item);
      const previous = sent.get(key);
      if (previous && (previous.version === version || !options.mayFollow(previous.item, item))) return false;
      const ending = options.ends?.(item);
      if (ending !== 'drop') {
        sent.set(key, { item, version });
        await push(item);
      }
      if (ending) stop();
      return ending !== undefined;
    };
    for (const item of current) if (await offer(item)) return;
    for (let next = firstUpdate; ; next = updates.next()) {
      const result = await next;
      if (result.done || (await offer(result.value))) return;
    }
  });
}
