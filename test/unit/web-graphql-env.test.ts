import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));

describe('web/graphql-env.d.ts', () => {
  // After a change to schema.graphql: npm run web:graphql-env.
  it('types the studio’s operations with the current schema.graphql', () => {
    const directory = mkdtempSync(join(tmpdir(), 'graphql-env-'));
    try {
      const output = join(directory, 'graphql-env.d.ts');
      execFileSync(
        process.execPath,
        [join(root, 'node_modules/gql.tada/bin/cli.js'), 'generate-output', '-c', 'web/tsconfig.json', '-o', output],
        { cwd: root, stdio: 'pipe' },
      );
      expect(readFileSync(output, 'utf8')).toBe(readFileSync(join(root, 'web/graphql-env.d.ts'), 'utf8'));
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
