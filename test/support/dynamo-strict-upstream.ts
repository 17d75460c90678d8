// The strict layer's side of the DynamoDB JSON protocol (application/x-amz-json-1.0, the operation
// in X-Amz-Target): requests to the emulator behind it, and errors shaped as DynamoDB sends them.
import { Agent, request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';

export const TARGET_PREFIX = 'DynamoDB_20120810.';

/** A JSON body of the protocol: shapes vary by operation, the layer reads a few known fields. */
export type Json = Record<string, any>;

/** An answer of the emulator (or one the layer makes): status and parsed JSON body. */
export interface Answer {
  status: number;
  body: Json;
}

/** A DynamoDB error answer: `__type` and message as the service writes them. */
export function errorAnswer(type: string, message: string, status = 400, extra: Json = {}): Answer {
  const namespace = type === 'ThrottlingException' ? 'com.amazon.coral.availability' : 'com.amazonaws.dynamodb.v20120810';
  return { status, body: { __type: `${namespace}#${type}`, message, ...extra } };
}

export const validationError = (message: string): Answer => errorAnswer('ValidationException', message);

/** The error name of an answer (`ConditionalCheckFailedException`...), undefined on success. */
export function errorName(answer: Answer): string | undefined {
  if (answer.status < 300) return undefined;
  return String(answer.body.__type ?? '').split('#').pop();
}

export interface Upstream {
  readonly endpoint: string;
  /**
   * Sends one operation (`UpdateItem`, or a whole target such as `DynamoDBStreams_20120810.GetRecords`);
   * `headers` carry the caller's signature (the emulators check its form only).
   */
  call(operation: string, body: Json, headers: IncomingHttpHeaders): Promise<Answer>;
  close(): void;
}

/** Headers of the layer's own requests: a well-formed SigV4 header, as dynalite requires one. */
export const OWN_HEADERS: IncomingHttpHeaders = {
  authorization: 'AWS4-HMAC-SHA256 Credential=STRICT/20260101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00',
  'x-amz-date': '20260101T000000Z',
};

const PASSED_HEADERS = ['authorization', 'x-amz-date', 'x-amz-security-token', 'user-agent'];

export function upstream(endpoint: string): Upstream {
  const url = new URL(endpoint);
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  return {
    endpoint,
    call(operation, body, headers) {
      const payload = Buffer.from(JSON.stringify(body));
      const sent: Record<string, string | number> = {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': payload.length,
        'x-amz-target': operation.includes('.') ? operation : TARGET_PREFIX + operation,
      };
      for (const name of PASSED_HEADERS) if (typeof headers[name] === 'string') sent[name] = headers[name] as string;
      return send(sent, payload).catch((error: NodeJS.ErrnoException & { reusedSocket?: boolean }) => {
        // An idle kept-alive socket the emulator closed just as this request went out: the request
        // never reached it, so it is sent again (Node's documented remedy, http "request.reusedSocket").
        if (error.reusedSocket && error.code === 'ECONNRESET') return send(sent, payload);
        throw error;
      });
    },
    close: () => agent.destroy(),
  };

  function send(sent: Record<string, string | number>, payload: Buffer): Promise<Answer> {
    const operation = String(sent['x-amz-target']);
    return new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, method: 'POST', path: '/', headers: sent, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          try {
            resolve({ status: res.statusCode ?? 500, body: text ? JSON.parse(text) : {} });
          } catch {
            reject(new Error(`${operation}: the emulator at ${endpoint} answered ${res.statusCode} with no JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      });
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(payload);
    });
  }
}

/** Throws unless the answer is a success (for the layer's own bookkeeping requests). */
export function ok(answer: Answer, what: string): Json {
  if (answer.status >= 300) throw new Error(`${what}: ${answer.body.__type} ${answer.body.message ?? answer.body.Message ?? ''}`);
  return answer.body;
}
