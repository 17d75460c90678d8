// A real HTTP proxy on 127.0.0.1 in front of the S3 server, for network faults a healthy server
// never produces on demand. Requests pass through unchanged unless a rule matches them; then the
// rule's fault happens on the real connection: an S3 error status, a connection cut after some
// bytes of the response (download) or request (upload) body, or a response that stalls forever.
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Fault =
  /** Answers with this status and an S3 error document; nothing reaches the server. */
  | { kind: 'status'; status: 500 | 503 }
  /** Reads the request and never answers: not even the response head comes. */
  | { kind: 'no-response' }
  /** Forwards the response head and `afterBytes` bytes of its body, then cuts the connection. */
  | { kind: 'cut-response'; afterBytes: number }
  /** Forwards the response head and `afterBytes` bytes of its body, then sends nothing more. */
  | { kind: 'stall-response'; afterBytes: number }
  /** Forwards `afterBytes` bytes of the request body to the server, then cuts both connections. */
  | { kind: 'cut-request'; afterBytes: number };

export interface FaultRule {
  /** HTTP method to match (GET, PUT...); any when absent. */
  method?: string;
  /** Decoded path to match: /bucket/key with path-style URLs. */
  path: string;
  fault: Fault;
  /** How many matching requests get the fault; all of them when absent. */
  times?: number;
}

export interface ActiveRule {
  /** Requests this rule has faulted so far (the SDK's retries show up here). */
  readonly hits: number;
}

export interface FaultProxy {
  endpoint: string;
  inject(rule: FaultRule): ActiveRule;
  /** Removes every rule: requests pass through again. */
  clear(): void;
  close(): Promise<void>;
}

interface LiveRule extends FaultRule {
  hits: number;
}

const S3_ERROR_CODES = { 500: 'InternalError', 503: 'SlowDown' } as const;

export async function startFaultProxy(upstreamPort: number): Promise<FaultProxy> {
  const rules: LiveRule[] = [];
  const sockets = new Set<Socket>();
  const agent = new Agent({ keepAlive: true });
  const server = createServer((req, res) => {
    const rule = matchingRule(rules, req);
    if (rule) rule.hits++;
    if (rule?.fault.kind === 'status') respondWithError(req, res, rule.fault.status);
    else if (rule?.fault.kind === 'no-response') req.resume();
    else forward(req, res, upstreamPort, agent, rule?.fault);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    inject(rule) {
      const live = { ...rule, hits: 0 };
      rules.push(live);
      return live;
    },
    clear() {
      rules.length = 0;
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function matchingRule(rules: LiveRule[], req: IncomingMessage): LiveRule | undefined {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://proxy').pathname);
  return rules.find((rule) => (rule.method === undefined || rule.method === req.method) && rule.path === path && rule.hits < (rule.times ?? Infinity));
}

/** An S3-style XML error, after reading the request body (as a server would). */
function respondWithError(req: IncomingMessage, res: ServerResponse, status: 500 | 503): void {
  req.resume();
  req.once('end', () => {
    const body = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${S3_ERROR_CODES[status]}</Code><Message>injected by the fault proxy</Message><RequestId>fault</RequestId></Error>`;
    res.writeHead(status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(body) });
    res.end(body);
  });
}

function forward(req: IncomingMessage, res: ServerResponse, port: number, agent: Agent, fault: Fault | undefined): void {
  const upstream = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers: req.headers, agent }, (response) => {
    res.writeHead(response.statusCode ?? 502, response.headers);
    if (fault?.kind === 'cut-response' || fault?.kind === 'stall-response') passSome(response, res, fault);
    else response.pipe(res);
  });
  upstream.on('error', () => res.socket?.destroy());
  if (fault?.kind === 'cut-request') sendSomeUpstream(req, res, upstream, fault.afterBytes);
  else req.pipe(upstream);
}

/** Passes the first `afterBytes` bytes of the body, then cuts the connection or goes silent. */
function passSome(response: IncomingMessage, res: ServerResponse, fault: { kind: 'cut-response' | 'stall-response'; afterBytes: number }): void {
  res.flushHeaders();
  let left = fault.afterBytes;
  response.on('data', (chunk: Buffer) => {
    if (left <= 0) return;
    const part = chunk.subarray(0, left);
    left -= part.length;
    res.write(part);
    if (left > 0) return;
    response.destroy();
    // A cut: the client sees the connection close with its body incomplete. A stall: it sees nothing more.
    if (fault.kind === 'cut-response') res.write('', () => res.socket?.destroy());
  });
  if (fault.afterBytes === 0) {
    response.destroy();
    if (fault.kind === 'cut-response') res.socket?.destroy();
  }
}

/** Sends only the first `afterBytes` bytes of the request body to the server, then cuts both sides. */
function sendSomeUpstream(req: IncomingMessage, res: ServerResponse, upstream: ReturnType<typeof httpRequest>, afterBytes: number): void {
  let left = afterBytes;
  const cut = () => {
    req.unpipe();
    upstream.destroy();
    res.socket?.destroy();
  };
  req.on('data', (chunk: Buffer) => {
    if (left <= 0) return;
    const part = chunk.subarray(0, left);
    left -= part.length;
    if (left > 0) upstream.write(part);
    else upstream.write(part, cut);
  });
  req.once('end', () => left > 0 && upstream.end());
  if (afterBytes === 0) cut();
}
