import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readyAsset } from '../support/caption-work.js';
import { mutate } from '../support/mutations.js';
import { graphql, type Stack, startStack } from '../support/stack.js';

const VTT = 'WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nA line.\n';

interface Page {
  totalCount: number;
  edges: { cursor: string; node: { muxId?: string; id?: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

describe('connections', () => {
  let stack: Stack;
  let assetIds: string[];

  beforeAll(async () => {
    stack = await startStack();
    assetIds = await Promise.all(['page-a', 'page-b', 'page-c'].map((name) => readyAsset(stack, name)));
    const [first = ''] = assetIds;
    for (const languageCode of ['en', 'fr', 'de']) {
      await mutate(stack, 'captionsAdd', 'captionJob { id }', { assetId: first, vtt: VTT, languageCode });
    }
  });
  afterAll(() => stack.close());

  it('are named after their node type, with edges of the same name', async () => {
    const { body } = await graphql<{ __schema: { types: { name: string }[] } }>(
      stack.gateway,
      '{ __schema { types { name } } }',
    );
    const names = (body.data?.__schema.types ?? []).map((type) => type.name);
    for (const node of ['Asset', 'CaptionJob', 'TranscriptSearchHit']) {
      expect(names).toEqual(expect.arrayContaining([`${node}Connection`, `${node}Edge`]));
    }
    expect(names.filter((name) => name.startsWith('Query'))).toEqual(['Query']);
  });

  it('page forward to the end, with a total over every page', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let pages = 0; pages < 5; pages += 1) {
      const answer: { body: { data?: { assets: Page } } } = await graphql<{ assets: Page }>(
        stack.gateway,
        `query($after: String) {
          assets(first: 2, after: $after, filter: { status: READY }) {
            totalCount edges { cursor node { muxId } } pageInfo { hasNextPage endCursor }
          }
        }`,
        { after },
      );
      const page = answer.body.data?.assets;
      expect(page?.totalCount).toBe(3);
      seen.push(...(page?.edges ?? []).map((edge) => edge.node.muxId ?? ''));
      if (!page?.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen.sort()).toEqual([...assetIds].sort());
  });

  it('count caption jobs under the same filter as the page', async () => {
    const { body } = await graphql<{ captionJobs: Page }>(
      stack.gateway,
      `query($assetId: ID!) {
        captionJobs(first: 1, filter: { assetId: $assetId, kind: ADDED }) {
          totalCount edges { node { id } } pageInfo { hasNextPage }
        }
      }`,
      { assetId: assetIds[0] },
    );
    expect(body.data?.captionJobs).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    expect(body.data?.captionJobs.edges).toHaveLength(1);
  });

  it('do not offer paging backwards', async () => {
    for (const field of ['assets(last: 1)', 'captionJobs(last: 1)', 'transcriptSearch(query: "line", last: 1)']) {
      const { body } = await graphql(stack.gateway, `{ ${field} { edges { cursor } } }`);
      expect(body.data).toBeUndefined();
      expect(body.errors).toEqual([
        expect.objectContaining({
          message: expect.stringMatching(/Unknown argument "last"/),
          extensions: expect.objectContaining({ code: 'GRAPHQL_VALIDATION_FAILED' }),
        }),
      ]);
    }
  });
});
