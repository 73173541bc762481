import { LANGUAGE_USES, type LanguageView, listLanguages } from '../resolvers/languages.js';
import { builder } from './builder.js';
import { enumOf } from './enum.js';

export const LanguageStability = enumOf('LanguageStability', 'Mux’s label: beta languages may be less accurate.', [
  'stable',
  'beta',
] as const);
export const LanguageUse = enumOf('LanguageUse', 'What a language code can be used for.', LANGUAGE_USES);

const Language = builder.objectRef<LanguageView>('Language').implement({
  description: 'A language Mux makes captions in.',
  fields: (t) => ({
    code: t.exposeString('code', { description: 'The code Mux takes (BCP 47; `auto` asks Mux to detect).' }),
    name: t.exposeString('name'),
    stability: t.expose('stability', { type: LanguageStability }),
    uses: t.expose('uses', { type: [LanguageUse] }),
  }),
});

builder.queryFields((t) => ({
  languages: t.field({
    type: [Language],
    description: 'Languages for captions, optionally only those usable for one purpose.',
    args: { use: t.arg({ type: LanguageUse, required: false }) },
    resolve: (_root, args) => listLanguages(args.use ?? undefined),
  }),
}));
