import type { UserError as UserErrorModel, Warning as WarningModel } from '../../resolvers/captions/outcome.js';
import { builder } from '../builder.js';
import { Track } from '../track.js';

type ErrorOf<K extends UserErrorModel['kind']> = Extract<UserErrorModel, { kind: K }>;

export const UserError = builder.interfaceRef<UserErrorModel>('UserError').implement({
  description:
    'Why a mutation could not do what was asked. Nothing was created or changed when a payload has user errors.',
  resolveType: (error) =>
    ({
      validation: 'ValidationError',
      not_found: 'NotFoundError',
      conflict: 'ConflictError',
      precondition: 'PreconditionError',
      upstream: 'UpstreamError',
      rate_limited: 'RateLimitedError',
    })[error.kind],
  fields: (t) => ({
    message: t.exposeString('message'),
    field: t.exposeStringList('field', {
      description: 'Path of the input field at fault, e.g. ["input", "phrases", "3"]; empty when no one field is.',
    }),
  }),
});

/** Each kind of user error is its own type, so clients can select what that kind carries. */
function errorType<K extends UserErrorModel['kind']>(name: string, kind: K, description: string) {
  return builder.objectRef<ErrorOf<K>>(name).implement({
    description,
    interfaces: [UserError],
    isTypeOf: (error) => (error as UserErrorModel).kind === kind,
  });
}

builder.objectFields(errorType('ValidationError', 'validation', 'An input value is not allowed.'), (t) => ({
  allowed: t.stringList({
    nullable: true,
    description: 'The values that are allowed, where there is a closed set.',
    resolve: (error) => error.allowed ?? null,
  }),
}));

builder.objectFields(errorType('NotFoundError', 'not_found', 'Something the input names does not exist.'), (t) => ({
  resource: t.exposeString('resource'),
  id: t.exposeString('id'),
}));

builder.objectFields(
  errorType(
    'ConflictError',
    'conflict',
    'The request collides with what exists, such as a text track in the same language.',
  ),
  (t) => ({
    track: t.field({
      type: Track,
      nullable: true,
      description: 'The track in the way.',
      resolve: (error) => error.trackId ?? null,
    }),
    jobId: t.string({ nullable: true, resolve: (error) => error.jobId ?? null }),
  }),
);

builder.objectFields(
  errorType('PreconditionError', 'precondition', 'The asset or track is not in a state this can work on.'),
  (t) => ({
    reason: t.exposeString('reason', {
      description:
        'A stable code: asset_not_ready, asset_too_old, no_playback_id, not_a_ready_text_track, no_audio, not_cancellable, ...',
    }),
  }),
);

builder.objectFields(
  errorType('UpstreamError', 'upstream', 'Mux refused the request or could not be reached.'),
  (t) => ({
    status: t.int({
      nullable: true,
      description: 'Mux’s HTTP status, when it answered.',
      resolve: (error) => error.status,
    }),
    messages: t.exposeStringList('messages', { description: 'Mux’s own explanation.' }),
    retryable: t.exposeBoolean('retryable'),
  }),
);

builder.objectFields(errorType('RateLimitedError', 'rate_limited', 'Mux is rate limiting; nothing was done.'), (t) => ({
  retryAfterSeconds: t.int({ nullable: true, resolve: (error) => error.retryAfterSeconds }),
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
