import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RawSocket } from '../support/raw-socket.js';
import { type Stack, startStack } from '../support/stack.js';
import { waitFor } from '../support/wait.js';

const PER_SOCKET = 3;
const PER_KEY = 5;

const JOBS = 'subscription { captionJobsUpdated { id status } }';

describe('graphql-ws errors stay with their subscription', () => {
  let stack: Stack;
  const sockets: RawSocket[] = [];
  const open = async () => {
    const socket = await RawSocket.open(stack);
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    stack = await startStack({ limits: { subscriptionsPerSocket: PER_SOCKET, subscriptionsPerKey: PER_KEY } });
  });
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.close();
    await waitFor(() => stack.gateway.webSockets.clientCount() === 0);
  });
  afterAll(() => stack.close());

  it('answers refused operations with an error for their id, and the live one goes on', async () => {
    const socket = await open();
    socket.subscribe('live', JOBS);
    const fields = ['captionJobsUpdated', ...Array.from({ length: 7 }, () => ['asset', 'captionJobs']).flat()];
    const deep = `subscription ${fields.reduceRight((inner, field) => `{ ${field} ${inner} }`, '{ id }')}`;
    // One at a time: a subscription counts against the socket's cap from its first message.
    const refusal = (id: string, query: string, variables: Record<string, unknown> = {}) => {
      socket.subscribe(id, query, variables);
      return socket.errorCodes(id);
    };
    expect(await refusal('deep', deep)).toEqual(['LIMIT_EXCEEDED']);
    const aliases = Array.from({ length: 25 }, (_, i) => `a${i}: id`).join(' ');
    expect(await refusal('aliases', `subscription { captionJobsUpdated { ${aliases} } }`)).toEqual(['LIMIT_EXCEEDED']);
    expect(await refusal('invalid', 'subscription { captionJobsUpdated { colour } }')).toEqual([
      'GRAPHQL_VALIDATION_FAILED',
    ]);
    expect(await refusal('unparsable', 'subscription { captionJobsUpdated {')).toEqual(['GRAPHQL_PARSE_FAILED']);
    const byId = 'subscription($id: ID!) { captionJobUpdated(id: $id) { id } }';
    expect(await refusal('variables', byId, { id: { no: 1 } })).toEqual(['BAD_USER_INPUT']);
    expect(await refusal('missing', byId, { id: 'job_nope' })).toEqual(['NOT_FOUND']);

    await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/ws.mp4?duration=20', generated_subtitles: [{ language_code: 'en' }] }],
      playback_policies: ['public'],
    });
    await waitFor(() => socket.of('live').some((message) => message.type === 'next'));
    expect(socket.closeCode).toBeUndefined();
    const logged = stack.logLines.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged.filter((entry) => entry.level === 'error')).toEqual([]);
    expect(stack.logLines.join('\n')).not.toContain('    at ');
  });

  it('refuses subscriptions beyond the cap of a socket and of a key, and only those', async () => {
    const first = await open();
    for (let index = 0; index < PER_SOCKET + 1; index += 1) first.subscribe(`s${index}`, JOBS);
    expect(await first.errorCodes(`s${PER_SOCKET}`)).toEqual(['LIMIT_EXCEEDED']);

    const second = await open();
    for (let index = 0; index < PER_KEY - PER_SOCKET + 1; index += 1) second.subscribe(`k${index}`, JOBS);
    expect(await second.errorCodes(`k${PER_KEY - PER_SOCKET}`)).toEqual(['LIMIT_EXCEEDED']);

    // Ending one makes room again, for the key; the refused ones never start, the others all hear the news.
    first.complete('s0');
    await first.roundTrip();
    second.subscribe('again', JOBS);
    await stack.mux.video.assets.create({
      inputs: [{ url: 'https://example.com/cap.mp4?duration=20', generated_subtitles: [{ language_code: 'en' }] }],
      playback_policies: ['public'],
    });
    const hearing = ['s1', 's2', 'k0', 'k1', 'again'];
    await waitFor(() =>
      hearing.every((id) => [...first.of(id), ...second.of(id)].some((message) => message.type === 'next')),
    );
    expect([...first.refusedIds(), ...second.refusedIds()]).toEqual([`s${PER_SOCKET}`, `k${PER_KEY - PER_SOCKET}`]);
    expect([first.closeCode, second.closeCode]).toEqual([undefined, undefined]);
  });
});
