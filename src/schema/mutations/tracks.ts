import { deleteTrack, updateTrack } from '../../resolvers/captions/tracks.js';
import { builder } from '../builder.js';
import { runMutation } from './mutation-field.js';
import { payloadType } from './payload.js';

const TrackUpdateInput = builder.inputType('TrackUpdateInput', {
  fields: (t) => ({
    trackId: t.id({ required: true }),
    name: t.string(),
    closedCaptions: t.boolean(),
    languageCode: t.string(),
    idempotencyKey: t.string(),
  }),
});

const TrackDeleteInput = builder.inputType('TrackDeleteInput', {
  fields: (t) => ({ trackId: t.id({ required: true }), idempotencyKey: t.string() }),
});

builder.mutationFields((t) => ({
  trackUpdate: t.field({
    type: payloadType('TrackUpdatePayload', ['asset', 'track']),
    description: 'Renames a text track, or changes its closed-captions flag or language.',
    args: { input: t.arg({ type: TrackUpdateInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('trackUpdate', context, input, (cleaned) => updateTrack(context.services, context.cache, cleaned)),
  }),
  trackDelete: t.field({
    type: payloadType('TrackDeletePayload', ['asset', 'deletedTrackId']),
    description: 'Deletes a text track or an extra audio track.',
    args: { input: t.arg({ type: TrackDeleteInput, required: true }) },
    resolve: (_root, { input }, context) =>
      runMutation('trackDelete', context, input, (cleaned) => deleteTrack(context.services, context.cache, cleaned)),
  }),
}));
