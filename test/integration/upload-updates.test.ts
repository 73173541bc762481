import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mutate } from '../support/mutations.js';
import { type Stack, startStack } from '../support/stack.js';
import { subscribeWs, wsClient } from '../support/subscriptions.js';
import { waitFor } from '../support/wait.js';

interface UploadEvent {
  uploadUpdated: { muxId: string; status: string; asset: { muxId: string } | null };
}

const FOLLOW = 'subscription($id: ID!) { uploadUpdated(id: $id) { muxId status asset { muxId } } }';

describe('uploadUpdated', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(() => stack.close());

  async function newUpload(): Promise<{ muxId: string; url: string }> {
    const payload = await mutate<{ upload: { muxId: string; url: string } }>(
      stack,
      'directUploadCreate',
      'upload { muxId url }',
      { corsOrigin: 'https://app.example.com' },
    );
    return payload.upload;
  }

  it('tells the upload as it is, then that it became an asset, and ends there', async () => {
    const upload = await newUpload();
    const client = wsClient(stack.gateway);
    const received = subscribeWs<UploadEvent>(client, FOLLOW, { id: upload.muxId });
    await waitFor(() => received.events.length > 0, { description: 'the upload as it is now' });
    expect(received.events[0]?.uploadUpdated).toEqual({ muxId: upload.muxId, status: 'WAITING', asset: null });

    const put = await fetch(`${upload.url}&duration=20`, { method: 'PUT', body: new Uint8Array(1024).fill(3) });
    expect(put.ok).toBe(true);
    await received.ended;
    const assetId = stack.simulator.context.state.uploads.get(upload.muxId)?.upload.asset_id;
    expect(assetId).toBeTruthy();
    expect(received.events.at(-1)?.uploadUpdated).toEqual({
      muxId: upload.muxId,
      status: 'ASSET_CREATED',
      asset: { muxId: assetId },
    });
    expect(received.errors).toEqual([]);
    await client.dispose();
  });

  it('ends with CANCELLED when the upload is cancelled at Mux', async () => {
    const upload = await newUpload();
    const client = wsClient(stack.gateway);
    const received = subscribeWs<UploadEvent>(client, FOLLOW, { id: upload.muxId });
    await waitFor(() => received.events.length > 0, { description: 'the upload as it is now' });
    await stack.mux.video.uploads.cancel(upload.muxId);
    await received.ended;
    expect(received.events.map((event) => event.uploadUpdated.status)).toEqual(['WAITING', 'CANCELLED']);
    await client.dispose();
  });

  it('answers an upload Mux does not have with NOT_FOUND', async () => {
    const client = wsClient(stack.gateway);
    const received = subscribeWs<UploadEvent>(client, FOLLOW, { id: 'no-such-upload' });
    await received.ended;
    expect(received.events).toEqual([]);
    expect(received.errors).toEqual([
      expect.objectContaining({ extensions: expect.objectContaining({ code: 'NOT_FOUND' }) }),
    ]);
    await client.dispose();
  });
});
