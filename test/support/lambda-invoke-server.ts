// A local stand-in for Lambda's Invoke API on 127.0.0.1, for tests of the stitch functions'
// handlers: the real @aws-sdk/client-lambda sends its real request (POST
// /2015-03-31/functions/{name}/invocations, X-Amz-Invocation-Type: Event) over HTTP; the server
// answers 202 at once, as Lambda does for an accepted asynchronous invocation, then runs that
// function's handler on the payload. A failed run is retried twice (Lambda's default for async
// invocations), then kept in `failures`. Only asynchronous invocations are accepted.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { TEST_REGION } from './s3-server';

export type LambdaHandlerFn = (payload: unknown) => Promise<unknown>;

export interface Invocation {
  functionName: string;
  payload: unknown;
}

export interface LambdaInvokeServer {
  /** http://127.0.0.1:port, for AWS_ENDPOINT_URL_LAMBDA. */
  endpoint: string;
  /** A Lambda client whose endpoint is this server. */
  client: LambdaClient;
  /** Every accepted invocation, in the order they arrived. */
  invocations: Invocation[];
  /** Invocations that failed every attempt, with the last error. */
  failures: Array<Invocation & { error: unknown }>;
  /** Resolves once no invocation is running or waiting. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;
const RETRIES = 2;

export async function startLambdaInvokeServer(handlers: Record<string, LambdaHandlerFn>): Promise<LambdaInvokeServer> {
  const invocations: Invocation[] = [];
  const failures: LambdaInvokeServer['failures'] = [];
  const running = new Set<Promise<void>>();

  const run = async (invocation: Invocation): Promise<void> => {
    for (let attempt = 0; ; attempt++) {
      try {
        await handlers[invocation.functionName](invocation.payload);
        return;
      } catch (error) {
        if (attempt >= RETRIES) {
          failures.push({ ...invocation, error });
          return;
        }
      }
    }
  };

  const server: Server = createServer((request, response) => {
    void readBody(request).then((body) => {
      const match = request.method === 'POST' ? PATH.exec((request.url ?? '').split('?')[0]) : null;
      const functionName = match ? decodeURIComponent(match[1]) : '';
      const answer = (status: number, type?: string, message?: string) => {
        response.writeHead(status, type ? { 'content-type': 'application/json', 'x-amzn-errortype': type } : {});
        response.end(type ? JSON.stringify({ Type: 'User', message }) : undefined);
      };
      if (!match) return answer(404, 'UnknownOperationException', `${request.method} ${request.url}`);
      if (!(functionName in handlers)) return answer(404, 'ResourceNotFoundException', `Function not found: ${functionName}`);
      if (request.headers['x-amz-invocation-type'] !== 'Event') return answer(400, 'InvalidParameterValueException', 'this stand-in takes asynchronous (Event) invocations only');
      const invocation = { functionName, payload: JSON.parse(body.toString('utf8') || 'null') as unknown };
      invocations.push(invocation);
      answer(202);
      const done = run(invocation).finally(() => running.delete(done));
      running.add(done);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new LambdaClient({ region: TEST_REGION, endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, maxAttempts: 1 });

  return {
    endpoint,
    client,
    invocations,
    failures,
    async idle() {
      // A running handler may invoke more: wait until a pass finds nothing running.
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    async close() {
      client.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}
