// A loopback HTTP server for browser tests: serves in-memory files and answers Range requests
// as S3 does (206 with Content-Range, 416 when unsatisfiable), which is what a <video> element
// uses to read the moov and then seek.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RangeServer {
  /** http://127.0.0.1:port */
  origin: string;
  /** Serves `body` at `path` (e.g. "/edges.mp4") with the given content type. */
  serve(path: string, body: Uint8Array, contentType: string): void;
  /** Range headers received, for tests that check the browser did use ranges. */
  ranges: string[];
  close(): Promise<void>;
}

export async function startRangeServer(): Promise<RangeServer> {
  const files = new Map<string, { body: Uint8Array; contentType: string }>();
  const ranges: string[] = [];
  const server = createServer((request, response) => answer(request, response, files, ranges));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    serve: (path, body, contentType) => void files.set(path, { body, contentType }),
    ranges,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function answer(request: IncomingMessage, response: ServerResponse, files: Map<string, { body: Uint8Array; contentType: string }>, ranges: string[]): void {
  const file = files.get(new URL(request.url ?? '/', 'http://x').pathname);
  if (!file || (request.method !== 'GET' && request.method !== 'HEAD')) {
    response.writeHead(404).end();
    return;
  }
  const { body, contentType } = file;
  const headers = { 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  const range = request.headers.range;
  if (!range) {
    response.writeHead(200, { ...headers, 'Content-Length': body.length });
    response.end(request.method === 'HEAD' ? undefined : body);
    return;
  }
  ranges.push(range);
  const span = parseRange(range, body.length);
  if (!span) {
    response.writeHead(416, { ...headers, 'Content-Range': `bytes */${body.length}` }).end();
    return;
  }
  const [start, end] = span;
  response.writeHead(206, { ...headers, 'Content-Length': end - start + 1, 'Content-Range': `bytes ${start}-${end}/${body.length}` });
  response.end(request.method === 'HEAD' ? undefined : body.subarray(start, end + 1));
}

/** One "bytes=a-b", "bytes=a-" or "bytes=-n" range, clipped to the file; undefined if unsatisfiable. */
function parseRange(header: string, length: number): [number, number] | undefined {
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    return suffix === 0 ? undefined : [Math.max(0, length - suffix), length - 1];
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? length - 1 : Math.min(Number(match[2]), length - 1);
  return start < length && start <= end ? [start, end] : undefined;
}
