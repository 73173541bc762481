import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { printGatewaySchema } from '../../src/schema/index.js';

describe('schema.graphql', () => {
  it('is the schema the code builds (run `npm run schema:print` after changing src/schema)', () => {
    const committed = readFileSync(new URL('../../schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printGatewaySchema());
  });
});
