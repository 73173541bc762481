import { builder } from './builder.js';

builder.mutationFields((t) => ({
  assetIndexRefresh: t.int({
    description:
      'Operational: reads the whole asset index from Mux now, instead of when the cache TTL runs out. Returns how ' +
      'many assets Mux listed.',
    authScopes: { admin: true },
    resolve: (_root, _args, context) => context.services.assetIndex.refresh(),
  }),
}));
