// EventBridge's PutEvents on this machine, so that a MediaConvert job's event can be tried
// locally with any EventBridge client (`aws --endpoint-url http://127.0.0.1:4572 events
// put-events --entries ...`): each entry becomes the event EventBridge would deliver, and the
// stack's one rule on the default bus, as deployed (source aws.mediaconvert, MediaConvert Job
// State Change, status COMPLETE), sends it to the MediaConvert function. Other entries are
// accepted and match no rule, as on AWS. see: Amazon EventBridge API Reference, PutEvents
// (JSON 1.1 protocol, X-Amz-Target AWSEvents.PutEvents; Entries of Source, DetailType, Detail).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ListenError } from '../core/errors';
import { LOCAL_REGION } from './buckets';

const LOCAL_ACCOUNT = '000000000000';
/** A PutEvents request carries at most 10 entries of 256 KB. */
const MAX_BODY_BYTES = 10 * 256 * 1024;

export interface EventsEndpoint {
  endpoint: string;
  port: number;
  close(): Promise<void>;
}

/** An event as EventBridge delivers it to a rule's target. */
export interface DeliveredEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: unknown;
}

export async function startEventsEndpoint(host: string, port: number, deliver: (event: DeliveredEvent) => void): Promise<EventsEndpoint> {
  const server = createServer((request, response) => void answer(request, response, deliver));
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(error.syscall === 'listen' ? ListenError.from(error, host, port, '--events-port') : error));
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return { endpoint: `http://${host}:${bound}`, port: bound, close: () => close(server) };
}

async function answer(request: IncomingMessage, response: ServerResponse, deliver: (event: DeliveredEvent) => void): Promise<void> {
  const reply = (status: number, body: object) => {
    response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
    response.end(JSON.stringify(body));
  };
  const target = request.headers['x-amz-target'];
  if (request.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
    return reply(400, { __type: 'UnknownOperationException', message: `this local endpoint answers PutEvents only, not ${String(target ?? request.method)}` });
  }
  let body: { Entries?: Array<Record<string, unknown>> };
  try {
    body = JSON.parse(await readBody(request));
  } catch (error) {
    return reply(400, { __type: 'ValidationException', message: `the request body is not JSON: ${(error as Error).message}` });
  }
  const entries = Array.isArray(body.Entries) ? body.Entries : [];
  const results = entries.map((entry) => {
    let detail: unknown;
    try {
      detail = JSON.parse(String(entry.Detail ?? '{}'));
    } catch {
      return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is not valid JSON' };
    }
    const event: DeliveredEvent = {
      version: '0', id: randomUUID(), 'detail-type': String(entry.DetailType ?? ''), source: String(entry.Source ?? ''), account: LOCAL_ACCOUNT,
      time: new Date().toISOString(), region: LOCAL_REGION, resources: Array.isArray(entry.Resources) ? entry.Resources.map(String) : [], detail,
    };
    deliver(event);
    return { EventId: event.id };
  });
  reply(200, { FailedEntryCount: results.filter((result) => 'ErrorCode' in result).length, Entries: results });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) request.destroy(new Error(`over ${MAX_BODY_BYTES} bytes`));
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function close(server: Server): Promise<void> {
  server.closeAllConnections?.();
  return new Promise((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
