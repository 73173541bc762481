import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MANIFEST_PATH } from '../../scripts/studio-documents.js';
import type { Role } from '../../src/auth/api-keys.js';
import { documentId, readTrustedDocuments } from '../../src/auth/trusted-documents.js';
import { RawSocket } from '../support/raw-socket.js';
import { API_KEYS, authorization, type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

/** The studio's list, as an operator would set it: TRUSTED_DOCUMENTS=web/trusted-documents.json. */
const STUDIO = readTrustedDocuments(MANIFEST_PATH) as Map<string, string>;
const [LANGUAGES_ID, LANGUAGES] = [...STUDIO].find(([, text]) => text.startsWith('query Languages(')) ?? ['', ''];
const UNLISTED = '{ languages { code } }';

interface Answer {
  status: number;
  body: {
    data?: { languages?: { code: string }[] };
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  };
}

describe('trusted documents', () => {
  let stack: Stack;

  const post = async (role: Role, body: Record<string, unknown>): Promise<Answer> => {
    const response = await fetch(stack.gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...authorization(role) },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as never };
  };
  const served = (answer: Answer) => {
    expect(answer.body.errors).toBeUndefined();
    expect(answer.status).toBe(200);
    expect(answer.body.data?.languages).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'en' })]));
  };
  const persistedQuery = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

  beforeAll(async () => {
    stack = await startStack({ trustedDocuments: { documents: STUDIO, roles: ['viewer'] } });
  });

  afterAll(async () => {
    await stack.close();
  });

  it('lets a viewer key run a listed operation by its hash, by documentId, or as its exact text', async () => {
    expect(LANGUAGES_ID).toBe(documentId(LANGUAGES));
    served(await post('viewer', { extensions: persistedQuery(LANGUAGES_ID), variables: {} }));
    served(await post('viewer', { documentId: LANGUAGES_ID }));
    served(await post('viewer', { query: LANGUAGES }));
    const byGet = await fetch(
      `${stack.gateway.graphqlUrl}?extensions=${encodeURIComponent(JSON.stringify(persistedQuery(LANGUAGES_ID)))}`,
      { headers: authorization('viewer') },
    );
    served({ status: byGet.status, body: (await byGet.json()) as never });
  });

  it('refuses a viewer key any other document with DOCUMENT_NOT_TRUSTED, and an unknown id as not found', async () => {
    const unlisted = await post('viewer', { query: UNLISTED });
    expect(unlisted.status).toBe(403);
    expect(unlisted.body.data).toBeUndefined();
    expect(unlisted.body.errors?.[0]?.extensions).toMatchObject({ code: 'DOCUMENT_NOT_TRUSTED', role: 'viewer' });
    expect(unlisted.body.errors?.[0]?.message).toMatch(/only trusted documents/);

    const unknown = await post('viewer', { extensions: persistedQuery(documentId(UNLISTED)) });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors?.[0]?.extensions).toMatchObject({
      code: 'PERSISTED_QUERY_NOT_FOUND',
      documentId: documentId(UNLISTED),
    });

    const nothing = await post('viewer', { variables: {} });
    expect(nothing.status).toBe(400);
    expect(nothing.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('lets an admin key send any document, and name listed ones by hash', async () => {
    const arbitrary = await post('admin', { query: UNLISTED });
    expect(arbitrary.status).toBe(200);
    expect(arbitrary.body.data?.languages?.length).toBeGreaterThan(0);
    served(await post('admin', { extensions: persistedQuery(LANGUAGES_ID) }));
    served(await post('editor', { query: UNLISTED }));
  });

  it('applies the same rules over graphql-ws, refusing only the operation', async () => {
    const viewer = await RawSocket.open(stack, API_KEYS.viewer);
    viewer.subscribe('listed', '', {}, { extensions: persistedQuery(LANGUAGES_ID) });
    viewer.subscribe('text', LANGUAGES);
    viewer.subscribe('unlisted', 'subscription { captionJobsUpdated { id status } }');
    viewer.subscribe('unknown', '', {}, { documentId: documentId(UNLISTED) });
    expect(await viewer.errorCodes('unlisted')).toEqual(['DOCUMENT_NOT_TRUSTED']);
    expect(await viewer.errorCodes('unknown')).toEqual(['PERSISTED_QUERY_NOT_FOUND']);
    for (const id of ['listed', 'text']) {
      await waitFor(() => viewer.of(id).some((message) => message.type === 'complete'));
      const [answer] = viewer.of(id);
      expect(answer?.payload).toEqual({
        data: { languages: expect.arrayContaining([expect.objectContaining({ code: 'en' })]) },
      });
    }
    await viewer.roundTrip();
    expect(viewer.closeCode).toBeUndefined();

    const admin = await RawSocket.open(stack, API_KEYS.admin);
    admin.subscribe('arbitrary', UNLISTED);
    await waitFor(() => admin.of('arbitrary').some((message) => message.type === 'complete'));
    expect(admin.of('arbitrary')[0]?.payload).toEqual({
      data: { languages: expect.arrayContaining([{ code: 'en' }]) },
    });
    viewer.close();
    admin.close();
  });
});
