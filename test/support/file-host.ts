import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FileHost {
  url(name: string): string;
  close(): Promise<void>;
}

/** A file host of a Mux user's own, serving caption files by path for Mux to download; anything else is a 404. */
export async function startFileHost(files: Record<string, string>): Promise<FileHost> {
  const server: Server = createServer((request, response) => {
    const file = files[request.url ?? ''];
    if (file === undefined) response.writeHead(404).end('not found');
    else response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' }).end(file);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (name) => `http://127.0.0.1:${port}/${name}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
