import { resolveNodes } from '@pothos/plugin-relay';
import { InvalidInputError } from '../errors.js';
import { decodeNodeId } from '../resolvers/ids.js';
import { builder } from './builder.js';

/** How many nodes one `nodes` request may name: each can cost a read from Mux. */
export const MAX_NODES = 100;

const notOurId = (field: string) => InvalidInputError.of([field], 'is not an ID this API hands out');

builder.queryFields((t) => ({
  node: t.field({
    type: builder.nodeInterfaceRef(),
    nullable: true,
    description: 'Whatever a global ID names; null when it no longer exists.',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, context, info) => {
      const id = decodeNodeId(String(args.id));
      if (!id) throw notOurId('id');
      const [node] = await resolveNodes(builder, context, info, [id]);
      return node ?? null;
    },
  }),
  nodes: t.field({
    type: [builder.nodeInterfaceRef()],
    nullable: { list: false, items: true },
    description: `What each global ID names, in order; null for one that no longer exists. At most ${MAX_NODES} ids.`,
    args: { ids: t.arg.idList({ required: true }) },
    validate: [(args) => args.ids.length <= MAX_NODES, { message: `give at most ${MAX_NODES} ids`, path: ['ids'] }],
    resolve: async (_root, args, context, info) => {
      const ids = args.ids.map((id) => decodeNodeId(String(id)));
      const nodes = await resolveNodes(
        builder,
        context,
        info,
        ids.map((id) => id ?? null),
      );
      // One id that is not ours is that item's error; the others are answered.
      return ids.map((id, index) => (id ? (nodes[index] ?? null) : notOurId(`ids.${index}`)));
    },
  }),
}));
