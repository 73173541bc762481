import { describe, expect, it } from 'vitest';
import { KeyedStream } from '../../src/events/stream.js';

interface Item {
  id: string;
  step: number;
}

const byId = (item: Item) => item.id;
const always = () => true;

describe('a keyed stream', () => {
  it('gives items in the order their keys first waited, the latest of each key', async () => {
    const stream = new KeyedStream(byId, () => undefined, always);
    stream.push({ id: 'a', step: 1 });
    stream.push({ id: 'b', step: 1 });
    stream.push({ id: 'a', step: 2 });
    expect(await stream.take()).toEqual({ id: 'b', step: 1 });
    expect(await stream.take()).toEqual({ id: 'a', step: 2 });
  });

  it('keeps the waiting item when the newer one may not replace it', async () => {
    const stream = new KeyedStream(
      byId,
      () => undefined,
      (waiting: Item, next: Item) => next.step > waiting.step,
    );
    stream.push({ id: 'a', step: 2 });
    stream.push({ id: 'a', step: 1 });
    stream.push({ id: 'b', step: 1 });
    expect(await stream.take()).toEqual({ id: 'a', step: 2 });
    expect(await stream.take()).toEqual({ id: 'b', step: 1 });
  });

  it('wakes a waiting reader with the next push, or with undefined when it ends, telling the feeder once', async () => {
    let ends = 0;
    const stream = new KeyedStream(
      byId,
      () => {
        ends += 1;
      },
      always,
    );
    const waiting = stream.take();
    stream.push({ id: 'a', step: 1 });
    expect(await waiting).toEqual({ id: 'a', step: 1 });
    const stopped = stream.take();
    stream.end();
    stream.end();
    stream.push({ id: 'b', step: 1 });
    expect(await stopped).toBeUndefined();
    expect(await stream.take()).toBeUndefined();
    expect(ends).toBe(1);
  });
});
