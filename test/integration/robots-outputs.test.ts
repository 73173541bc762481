import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAssetWithCaptions } from '../support/assets.js';
import { readyAsset } from '../support/caption-work.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

interface Outputs {
  status: string;
  muxJobId: string;
  replacedTrackId: string | null;
  detectedLanguageCode: string | null;
  languageConfidence: number | null;
  neverTranslateTermsPreserved: boolean | null;
}

const OUTPUTS = 'status muxJobId replacedTrackId detectedLanguageCode languageConfidence neverTranslateTermsPreserved';

async function completed(stack: Stack, id: string): Promise<Outputs> {
  return waitFor(
    async () => {
      const { body } = await graphql<{ captionJob: Outputs }>(
        stack.gateway,
        `query($id: ID!) { captionJob(id: $id) { ${OUTPUTS} } }`,
        { id },
      );
      const job = body.data?.captionJob;
      return job?.status === 'COMPLETED' ? job : undefined;
    },
    { description: `caption job ${id} to complete` },
  );
}

/** The outputs the simulated Robots job reported, as Mux sends them. */
function outputsAtMux(stack: Stack, muxJobId: string): Record<string, unknown> {
  return (stack.simulator.context.state.jobs.get(muxJobId)?.outputs ?? {}) as Record<string, unknown>;
}

describe('Robots outputs', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  it('premium captions say which language they detected and how sure they were', async () => {
    const assetId = await readyAsset(stack, 'outputs-detect');
    const payload = await mutate<{ captionJob: { id: string } }>(
      stack,
      'premiumCaptionsGenerate',
      'captionJob { id }',
      {
        assetId,
      },
    );
    const job = await completed(stack, payload.captionJob.id);
    const atMux = outputsAtMux(stack, job.muxJobId);
    expect(atMux.auto_language_confidence).toBeLessThan(1);
    expect(job).toMatchObject({
      detectedLanguageCode: atMux.detected_language,
      languageConfidence: atMux.auto_language_confidence,
      replacedTrackId: null,
      neverTranslateTermsPreserved: null,
    });
  });

  it('premium captions that replace a track name it', async () => {
    const { assetId, trackId } = await readyAssetWithCaptions(stack);
    const payload = await mutate<{ captionJob: { id: string } }>(
      stack,
      'premiumCaptionsGenerate',
      'captionJob { id }',
      {
        assetId,
        languageCode: 'en',
        replaceExisting: true,
      },
    );
    const job = await completed(stack, payload.captionJob.id);
    expect(job).toMatchObject({ replacedTrackId: trackId, detectedLanguageCode: 'en', languageConfidence: 1 });
  });

  it('a translation says whether it kept the terms it was not to translate', async () => {
    const { trackId } = await readyAssetWithCaptions(stack);
    const payload = await mutate<{ captionJob: { id: string } }>(stack, 'captionsTranslate', 'captionJob { id }', {
      trackId,
      toLanguageCode: 'de',
      neverTranslate: ['Mux'],
    });
    const job = await completed(stack, payload.captionJob.id);
    expect(job.neverTranslateTermsPreserved).toBe(outputsAtMux(stack, job.muxJobId).never_translate_terms_preserved);
    expect(job.neverTranslateTermsPreserved).toEqual(expect.any(Boolean));
  });
});
