// GraphQL Mesh composition of Mux's API from its OpenAPI document (the project's trimmed copy), pointed at the
// simulator the benchmark runs: MUX_BASE_URL, MUX_TOKEN_ID, MUX_TOKEN_SECRET, OPENAPI_DOCUMENT.
import { defineConfig } from '@graphql-mesh/compose-cli';
import { loadOpenAPISubgraph } from '@omnigraph/openapi';

const credentials = Buffer.from(`${process.env.MUX_TOKEN_ID}:${process.env.MUX_TOKEN_SECRET}`).toString('base64');

export const composeConfig = defineConfig({
  subgraphs: [
    {
      sourceHandler: loadOpenAPISubgraph('Mux', {
        source: process.env.OPENAPI_DOCUMENT ?? '',
        endpoint: process.env.MUX_BASE_URL ?? '',
        operationHeaders: { Authorization: `Basic ${credentials}` },
      }),
    },
  ],
});
