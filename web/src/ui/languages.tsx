import { useQuery } from 'urql';
import { graphql, type VariablesOf } from '../graphql';

const LanguagesQuery = graphql(`
  query Languages($use: LanguageUse) {
    languages(use: $use) { code name stability }
  }
`);

type LanguageUse = NonNullable<VariablesOf<typeof LanguagesQuery>['use']>;

/** `<option>`s for the languages Mux takes for one use, beta ones marked; `auto` (detect) where Mux offers it. */
export function LanguageOptions({ use }: { use: LanguageUse }) {
  const [result] = useQuery({ query: LanguagesQuery, variables: { use }, requestPolicy: 'cache-first' });
  return (
    <>
      {result.data?.languages.map((language) => (
        <option key={language.code} value={language.code}>
          {language.code === 'auto'
            ? 'Detect the spoken language (auto)'
            : `${language.name} (${language.code}) · ${language.stability === 'BETA' ? 'beta' : 'stable'}`}
        </option>
      ))}
    </>
  );
}
