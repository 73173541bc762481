/**
 * Work on hours of captions, cut into steps: each `next()` does a little of it and the generator returns the
 * result. The simulator spreads the steps over many turns of its event loop, so it keeps answering while it
 * makes long captions; the plain functions (generateCaptions, toWebVtt, …) run the same steps at once, so both
 * give the same output.
 */
export type Steps<T> = Generator<void, T, undefined>;

/**
 * For work whose loop belongs to someone else (the caption parser's): called between small pieces of it, and a
 * promise it returns is awaited before the next piece, which lets other work run meanwhile.
 */
export type Pause = () => Promise<void> | undefined;

export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
