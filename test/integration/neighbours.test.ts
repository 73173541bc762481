import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyTextTracksOf } from '../support/assets.js';
import { graphql, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';
import { envelope, postEvent } from '../support/webhooks.js';

interface TrackView {
  muxId: string;
  type: string;
  muxType: string;
  status: string;
  muxStatus: string;
  textSource: string | null;
  muxTextSource: string | null;
}

interface AssetView {
  muxId: string;
  status: string;
  muxStatus: string;
  playbackIds: { policy: string; muxPolicy: string }[];
  tracks: TrackView[];
  transcripts: ({ languageCode: string; wordCount: number } | null)[];
}

const ASSET_FIELDS = `muxId status muxStatus playbackIds { policy muxPolicy }
  tracks { muxId type muxType status muxStatus textSource muxTextSource }
  transcripts { languageCode wordCount }`;

describe('one bad item never takes its neighbours', () => {
  let stack: Stack;
  /** Public, with a transcript that reads. */
  let good: string;
  /** Signed only, and the gateway has no signing key. */
  let signed: string;
  /** Its caption file on the stream host does not parse. */
  let garbled: string;
  /** Mux reports a status this gateway does not know. */
  let future: string;

  const createAsset = async (policy: 'public' | 'signed', captions: boolean) =>
    (
      await stack.mux.video.assets.create({
        inputs: [
          {
            url: 'https://example.com/neighbour.mp4?duration=20',
            ...(captions ? { generated_subtitles: [{ language_code: 'en' as const }] } : {}),
          },
        ],
        playback_policies: [policy],
      })
    ).id;

  const simulated = (id: string) => {
    const record = stack.simulator.context.state.assets.get(id);
    if (!record) throw new Error(`the simulator has no asset ${id}`);
    return record.asset;
  };

  const readAsset = async (id: string) =>
    (
      await graphql<{ asset: AssetView }>(
        stack.gateway,
        `query($id: String!) { asset(muxId: $id, fresh: true) { muxId } }`,
        {
          id,
        },
      )
    ).body;

  beforeAll(async () => {
    stack = await startStack({ mux: { signingKey: undefined } });
    good = await createAsset('public', true);
    signed = await createAsset('signed', true);
    await readyTextTracksOf(stack, good);
    await readyTextTracksOf(stack, signed);

    // Made while the gateway hears nothing, then spoiled at "Mux" before the gateway first reads them.
    stack.simulator.context.faults.update({ webhooks: { drop: true } });
    garbled = await createAsset('public', true);
    future = await createAsset('public', false);
    await waitFor(() =>
      [garbled, future].every(
        (id) =>
          simulated(id).status === 'ready' &&
          (id !== garbled || simulated(id).tracks?.some((track) => track.type === 'text' && track.status === 'ready')),
      ),
    );
    const garbledTrack = simulated(garbled).tracks?.find((track) => track.type === 'text');
    stack.simulator.context.state.trackVtt.set(garbledTrack?.id ?? '', '<html>Not a caption file</html>');
    Object.assign(simulated(future), { status: 'archived' });
    const goodPlayback = simulated(good).playback_ids?.[0];
    if (goodPlayback) Object.assign(goodPlayback, { policy: 'hologram' });
    stack.simulator.context.faults.reset();
    for (const id of [garbled, future, good]) expect((await readAsset(id)).errors).toBeUndefined();
  });
  afterAll(() => stack.close());

  it('shows values Mux added as UNKNOWN, with Mux’s own word beside them, from reads and from webhooks', async () => {
    const response = await postEvent(
      stack.gateway.url,
      stack.simulator.context.options.webhookSecret,
      envelope('video.asset.track.created', {
        id: 'FutureTrack0001',
        type: 'haptics',
        status: 'quantum',
        text_source: 'dreamed',
        asset_id: good,
      }),
    );
    expect(response.status).toBe(200);
    const { body } = await graphql<{ a: AssetView; b: AssetView }>(
      stack.gateway,
      `query($good: String!, $future: String!) {
        a: asset(muxId: $good) { ${ASSET_FIELDS} }
        b: asset(muxId: $future) { ${ASSET_FIELDS} }
      }`,
      { good, future },
    );
    expect(body.data?.a.playbackIds).toEqual([{ policy: 'UNKNOWN', muxPolicy: 'hologram' }]);
    expect(body.data?.a.tracks).toContainEqual({
      muxId: 'FutureTrack0001',
      type: 'UNKNOWN',
      muxType: 'haptics',
      status: 'UNKNOWN',
      muxStatus: 'quantum',
      textSource: 'UNKNOWN',
      muxTextSource: 'dreamed',
    });
    expect(body.data?.b).toMatchObject({ status: 'UNKNOWN', muxStatus: 'archived' });
  });

  it('answers a whole page when one transcript cannot be read and another does not parse', async () => {
    const { body } = await graphql<{ assets: { edges: { node: AssetView }[] } }>(
      stack.gateway,
      `{ assets(first: 50) { edges { node { ${ASSET_FIELDS} } } } }`,
    );
    const nodes = body.data?.assets.edges.map((edge) => edge.node) ?? [];
    const byId = new Map(nodes.map((node) => [node.muxId, node]));
    expect([...byId.keys()]).toEqual(expect.arrayContaining([good, signed, garbled, future]));
    expect(byId.get(good)?.transcripts).toEqual([{ languageCode: 'en', wordCount: expect.any(Number) }]);
    expect(byId.get(signed)?.transcripts).toEqual([null]);
    expect(byId.get(garbled)?.transcripts).toEqual([null]);

    const errorAt = (id: string) =>
      body.errors?.find((error) => error.path?.[2] === nodes.findIndex((node) => node.muxId === id));
    expect(errorAt(signed)?.extensions?.code).toBe('TRANSCRIPT_UNAVAILABLE');
    expect(errorAt(signed)?.message).toMatch(/sign/i);
    expect(errorAt(garbled)?.extensions?.code).toBe('TRANSCRIPT_UNAVAILABLE');
    expect(errorAt(garbled)?.message).toContain('not a WebVTT file');
    expect(errorAt(garbled)?.message).not.toContain('    at ');
    expect(body.errors).toHaveLength(2);
  });
});
