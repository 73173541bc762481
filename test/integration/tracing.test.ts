import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ChildGateway,
  SIMULATED_ON_FREE_PORTS,
  startChildGateway,
  stopChildGateways,
} from '../support/child-gateway.js';
import { waitFor } from '../support/wait.js';
import { envelope, postEvent } from '../support/webhooks.js';

const WEBHOOK_SECRET = 'tracing-webhook-secret-0123456789';

interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  attributes: { key: string; value: { stringValue?: string; intValue?: string | number } }[];
}

interface OtlpExport {
  resourceSpans: { resource: OtlpSpan; scopeSpans: { spans: OtlpSpan[] }[] }[];
}

/** An OTLP/HTTP collector in the test: takes JSON exports at POST /v1/traces and keeps their spans. */
function otlpReceiver(): Promise<{ server: Server; url: string; spans: OtlpSpan[]; services: string[] }> {
  const spans: OtlpSpan[] = [];
  const services: string[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => {
      body += chunk.toString();
    });
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const exported = JSON.parse(body) as OtlpExport;
        for (const resource of exported.resourceSpans) {
          const name = resource.resource.attributes.find((attribute) => attribute.key === 'service.name');
          services.push(name?.value.stringValue ?? '');
          spans.push(...resource.scopeSpans.flatMap((scope) => scope.spans));
        }
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, services }),
    ),
  );
}

const attribute = (span: OtlpSpan | undefined, key: string) => {
  const value = span?.attributes.find((each) => each.key === key)?.value;
  return value?.stringValue ?? (value?.intValue === undefined ? undefined : Number(value.intValue));
};

describe('traces over OTLP', () => {
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let directory: string;
  let gateway: ChildGateway;

  beforeAll(async () => {
    receiver = await otlpReceiver();
    directory = mkdtempSync(join(tmpdir(), 'caption-gateway-tracing-'));
    gateway = await startChildGateway(
      {
        ...SIMULATED_ON_FREE_PORTS,
        SIM_WEBHOOK_SECRET: WEBHOOK_SECRET,
        LOG_LEVEL: 'debug',
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '50',
      },
      { cwd: directory },
    );
  });

  afterAll(async () => {
    await stopChildGateways();
    receiver.server.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('exports spans for Mux calls, webhooks and operations, and writes the trace id in the log', async () => {
    const response = await fetch(gateway.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${gateway.devKey}` },
      body: JSON.stringify({ query: 'query AssetByMuxId { asset(muxId: "NoSuchAssetForTraces") { muxId } }' }),
    });
    expect(response.status).toBe(200);
    const event = envelope('video.asset.deleted', { id: 'TracedAsset', status: 'deleted' }, 'traced-event-1');
    expect((await postEvent(gateway.url, WEBHOOK_SECRET, event)).status).toBe(200);

    const named = (name: string) => receiver.spans.find((span) => span.name === name);
    await waitFor(() => named('mux assets.retrieve') && named('webhook apply') && named('query.AssetByMuxId'), {
      description: 'the spans of a Mux call, a webhook and an operation',
    });
    expect(receiver.services).toContain('caption-gateway');

    const muxCall = named('mux assets.retrieve');
    expect(attribute(muxCall, 'mux.operation')).toBe('assets.retrieve');
    expect(attribute(muxCall, 'mux.status')).toBe('404');
    const operation = named('query.AssetByMuxId');
    expect(muxCall?.traceId).toBe(operation?.traceId);
    const request = receiver.spans.find((span) => span.traceId === operation?.traceId && span.name === 'HTTP POST');
    expect(attribute(request, 'http.response.status_code')).toBe(200);

    const intake = named('webhook intake');
    const apply = named('webhook apply');
    expect(attribute(intake, 'mux.event.id')).toBe('traced-event-1');
    expect(attribute(intake, 'mux.event.type')).toBe('video.asset.deleted');
    expect(attribute(intake, 'webhook.outcome')).toBe('applied');
    expect(attribute(apply, 'mux.event.id')).toBe('traced-event-1');
    expect(apply?.parentSpanId).toBe(intake?.spanId);

    const logged = gateway
      .stderr()
      .split('\n')
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(logged).toContainEqual(
      expect.objectContaining({ message: 'webhook received', eventId: 'traced-event-1', traceId: intake?.traceId }),
    );
  });
});
