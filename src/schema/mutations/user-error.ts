import { type UserErrorEntry, type UserErrorType, userErrorTypeOf } from '../../errors.js';
import type { Warning as WarningModel } from '../../resolvers/mutations/outcome.js';
import { builder } from '../builder.js';
import { CaptionJob } from '../caption-job.js';
import { Track } from '../track.js';

export const UserError = builder.interfaceRef<UserErrorEntry>('UserError').implement({
  description:
    'Why a mutation could not do what was asked. Nothing was created or changed when a payload has user errors.',
  resolveType: (entry) => userErrorTypeOf(entry),
  fields: (t) => ({
    message: t.string({ resolve: (entry) => entry.message }),
    field: t.stringList({
      description: 'Path of the input field at fault, e.g. ["input", "phrases", "3"]; empty when no one field is.',
      resolve: (entry) => entry.field,
    }),
  }),
});

/** Each kind of user error is its own type, so clients can select what that kind carries. */
function errorType(name: UserErrorType, description: string) {
  return builder.objectRef<UserErrorEntry>(name).implement({
    description,
    interfaces: [UserError],
    isTypeOf: (entry) => userErrorTypeOf(entry as UserErrorEntry) === name,
  });
}

const text = (entry: UserErrorEntry, key: string) => (typeof entry[key] === 'string' ? (entry[key] as string) : null);

builder.objectFields(errorType('ValidationError', 'An input value is not allowed.'), (t) => ({
  allowed: t.stringList({
    nullable: true,
    description: 'The values that are allowed, where there is a closed set.',
    resolve: (entry) => (Array.isArray(entry.allowed) ? entry.allowed.map(String) : null),
  }),
}));

builder.objectFields(errorType('NotFoundError', 'Something the input names does not exist.'), (t) => ({
  resource: t.string({ resolve: (entry) => text(entry, 'resource') ?? '' }),
  id: t.string({ resolve: (entry) => text(entry, 'id') ?? '' }),
}));

builder.objectFields(
  errorType('ConflictError', 'The request collides with what exists, such as a text track in the same language.'),
  (t) => ({
    track: t.field({
      type: Track,
      nullable: true,
      description: 'The track in the way.',
      resolve: (entry) => text(entry, 'trackId'),
    }),
    captionJob: t.field({
      type: CaptionJob,
      nullable: true,
      description: 'The caption job already doing what was asked.',
      resolve: (entry) => text(entry, 'jobId'),
    }),
  }),
);

builder.objectFields(errorType('PreconditionError', 'The asset or track is not in a state this can work on.'), (t) => ({
  reason: t.string({
    description:
      'A stable code: asset_not_ready, asset_too_old, no_playback_id, not_a_ready_text_track, no_audio, ' +
      'not_cancellable, ...',
    resolve: (entry) => text(entry, 'reason') ?? '',
  }),
}));

builder.objectFields(errorType('UpstreamError', 'Mux refused the request or could not be reached.'), (t) => ({
  status: t.int({
    nullable: true,
    description: 'Mux’s HTTP status, when it answered.',
    resolve: (entry) => (typeof entry.upstreamStatus === 'number' ? entry.upstreamStatus : null),
  }),
  messages: t.stringList({
    description: 'Mux’s own explanation.',
    resolve: (entry) => (Array.isArray(entry.messages) ? entry.messages.map(String) : []),
  }),
  retryable: t.boolean({ resolve: (entry) => entry.retryable === true }),
}));

builder.objectFields(errorType('RateLimitedError', 'Mux is rate limiting; nothing was done.'), (t) => ({
  retryAfterSeconds: t.int({
    nullable: true,
    resolve: (entry) => (typeof entry.retryAfterSeconds === 'number' ? entry.retryAfterSeconds : null),
  }),
}));

export const WarningCode = builder.enumType('WarningCode', {
  values: { BETA_LANGUAGE: { value: 'beta_language' as const } },
});

export const Warning = builder.objectRef<WarningModel>('Warning').implement({
  description: 'The request was carried out, with something worth knowing.',
  fields: (t) => ({
    code: t.expose('code', { type: WarningCode }),
    message: t.exposeString('message'),
    field: t.exposeStringList('field'),
  }),
});
