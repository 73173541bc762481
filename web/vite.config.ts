import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { buildSchema, getIntrospectionQuery, graphqlSync } from 'graphql';
import { defineConfig, type Plugin } from 'vite';

const SCHEMA_MODULE = 'virtual:schema-introspection';

/**
 * Graphcache needs the schema to match fragments on interfaces (user errors) and to know which fields may be
 * null; it is read from the same `schema.graphql` that gql.tada types the operations with.
 */
function schemaIntrospection(): Plugin {
  const schemaFile = fileURLToPath(new URL('../schema.graphql', import.meta.url));
  return {
    name: 'schema-introspection',
    resolveId: (id) => (id === SCHEMA_MODULE ? `\0${SCHEMA_MODULE}` : undefined),
    load(id) {
      if (id !== `\0${SCHEMA_MODULE}`) return undefined;
      this.addWatchFile(schemaFile);
      const schema = buildSchema(readFileSync(schemaFile, 'utf8'));
      const { data } = graphqlSync({ schema, source: getIntrospectionQuery({ descriptions: false }) });
      return `export default ${JSON.stringify(data)};`;
    },
  };
}

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  // index.html is served at `/`, its hashed files under `/studio/assets/` (src/http/studio.ts).
  base: '/studio/',
  plugins: [react(), schemaIntrospection()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
  },
  server: {
    proxy: {
      '/graphql': { target: 'http://127.0.0.1:4000', ws: true },
      '/studio/config.json': 'http://127.0.0.1:4000',
    },
  },
});
