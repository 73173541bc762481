import { isSpanContextValid, trace } from '@opentelemetry/api';
import { pino } from 'pino';
import { currentRequestId } from './observability/request-context.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** A field whose name says it holds a credential is never written, whatever it holds and however deep it is. */
const SECRET_FIELD = /secret|token|password|passwd|authorization|cookie|private.?key|signing.?key|api.?keys?$|^dsn$/i;
const SECRET_URL_FIELD = /database.?url/i;
export const REDACTED = '[Redacted]';
/** Shorter values are not searched for in lines: replacing two letters everywhere would wreck the JSON. */
export const MIN_SCRUBBED_LENGTH = 6;
/** Nesting beyond this is not walked: log fields are small facts, not documents. */
const MAX_DEPTH = 6;

function redactFields(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  if (Array.isArray(value)) return value.map((item) => redactFields(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [
      key,
      SECRET_FIELD.test(key) || SECRET_URL_FIELD.test(key) ? REDACTED : redactFields(item, depth + 1),
    ]),
  );
}

/**
 * The secret values themselves, as they appear inside a JSON string, are replaced in every line: a secret
 * logged by mistake under an innocent name (a reason quoting a URL, say) is caught here.
 */
function scrubber(secrets: readonly string[]): (line: string) => string {
  const escaped = [...new Set(secrets.filter((secret) => secret.length >= MIN_SCRUBBED_LENGTH))]
    .map((secret) => JSON.stringify(secret).slice(1, -1))
    // Longest first, so a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  if (escaped.length === 0) return (line) => line;
  return (line) => escaped.reduce((scrubbed, secret) => scrubbed.replaceAll(secret, REDACTED), line);
}

/** What ties a line to its request and its trace: the request id, and the active span's ids when tracing. */
function correlation(): Record<string, string> {
  const fields: Record<string, string> = {};
  const requestId = currentRequestId();
  if (requestId) fields.requestId = requestId;
  const span = trace.getActiveSpan()?.spanContext();
  if (span && isSpanContextValid(span)) {
    fields.traceId = span.traceId;
    fields.spanId = span.spanId;
  }
  return fields;
}

/**
 * JSON lines through pino, on stderr unless `write` is given. `secrets` are the values of the secret
 * settings: they never reach a line, nor does any field named like a credential.
 */
export function createLogger(
  level: LogLevel,
  write: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  secrets: readonly string[] = [],
): Logger {
  const scrub = scrubber(secrets);
  const lines = pino(
    {
      level,
      base: undefined,
      messageKey: 'message',
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        level: (label) => ({ level: label }),
        log: (fields) => redactFields(fields, 0) as Record<string, unknown>,
      },
      mixin: correlation,
    },
    { write: (chunk: string) => write(scrub(chunk.replace(/\n$/, ''))) },
  );
  return {
    debug: (message, fields = {}) => lines.debug(fields, message),
    info: (message, fields = {}) => lines.info(fields, message),
    warn: (message, fields = {}) => lines.warn(fields, message),
    error: (message, fields = {}) => lines.error(fields, message),
  };
}
