// The strict DynamoDB layer: a loopback HTTP server speaking the DynamoDB JSON protocol in front of
// an emulator (dynalite, or moto), holding it to what the service does where the emulator is more
// lenient, and producing on demand the faults a healthy emulator never shows:
//  - the 400 KB item size in UTF-8 bytes, by DynamoDB's own rules, for PutItem, UpdateItem (the item
//    after the update), BatchWriteItem and TransactWriteItems (dynamo-strict-writes.ts);
//  - global secondary indexes that trail their table by a set lag (dynamo-strict-lag.ts);
//  - throttling, BatchGetItem keys left unprocessed, and writes whose answer is lost
//    (dynamo-strict-faults.ts);
//  - a log of every item change (before and after), which tests read as a stream of the truth.
// What the emulator lacks it cannot add: dynalite has no transactions and no streams (use moto).
// Every client must go through the layer: a write that bypasses it is missing from its log, and
// from the lagging indexes.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { DynamoDBClient, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DYNALITE_CREDENTIALS } from '../../src/local/dynamo-server';
import { StrictFaults, type ActiveFaultRule, type FaultDecision, type StrictFaultRule } from './dynamo-strict-faults';
import { LaggingIndexes } from './dynamo-strict-lag';
import { StrictTables } from './dynamo-strict-tables';
import { TARGET_PREFIX, errorAnswer, upstream as connect, type Answer, type Json } from './dynamo-strict-upstream';
import { StrictWrites, type Change } from './dynamo-strict-writes';
import { seededRandom } from './images';
import { TEST_REGION } from './s3-server';

export type { Change } from './dynamo-strict-writes';
export type { StrictFaultRule } from './dynamo-strict-faults';

export interface StrictDynamoOptions {
  /** The emulator behind the layer, http://127.0.0.1:PORT. */
  upstream: string;
  /** Refuse items over 400 KB by DynamoDB's size rules (true unless told). */
  itemSizeLimit?: boolean;
  /** Global indexes trail their tables by this much (ms); indexes are the emulator's own when absent. */
  indexLagMs?: number;
  /** Seed of the faults' draws. */
  seed?: number;
}

export interface StrictStats {
  throttled: number;
  answersLost: number;
  keysUnprocessed: number;
  refusedTooLarge: number;
}

export interface StrictDynamo {
  endpoint: string;
  /** A client of the layer (the tests' region, dummy credentials), destroyed by close(). */
  client(config?: Partial<DynamoDBClientConfig>): DynamoDBClient;
  addFault(rule: StrictFaultRule): ActiveFaultRule;
  clearFaults(): void;
  /** Lagging indexes (undefined without `indexLagMs`): change the lag, or catch up at once. */
  indexes?: LaggingIndexes;
  /** Every item change the emulator made through the layer, in order. */
  readonly changes: Change[];
  readonly stats: StrictStats;
  close(): Promise<void>;
}

const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem', 'TransactWriteItems']);
const THROTTLE_MESSAGES = {
  ProvisionedThroughputExceededException: 'The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.',
  ThrottlingException: 'Rate of requests exceeds the allowed throughput.',
  RequestLimitExceeded: 'Throughput exceeds the current throughput limit for your account. Please contact AWS Support at https://aws.amazon.com/support request a limit increase',
} as const;

export async function startStrictDynamo(options: StrictDynamoOptions): Promise<StrictDynamo> {
  const emulator = connect(options.upstream);
  const tables = new StrictTables(emulator);
  const writes = new StrictWrites(emulator, tables, options.itemSizeLimit ?? true);
  const faults = new StrictFaults(seededRandom(options.seed ?? 1));
  const indexes = options.indexLagMs === undefined ? undefined : new LaggingIndexes(emulator, tables, options.indexLagMs);
  const changes: Change[] = [];
  const stats: StrictStats = { throttled: 0, answersLost: 0, keysUnprocessed: 0, refusedTooLarge: 0 };

  /** The emulator's answer (or the layer's), and how it is lost if it is. */
  const handle = async (operation: string, body: Json, req: IncomingMessage): Promise<{ answer: Answer; lose?: FaultDecision['lose'] }> => {
    const decision = faults.decide(operation, body);
    if (decision.throttle) {
      stats.throttled++;
      return { answer: errorAnswer(decision.throttle, THROTTLE_MESSAGES[decision.throttle]) };
    }
    let answer: Answer;
    let made: Change[] = [];
    if (WRITES.has(operation)) {
      ({ answer, changes: made } = await writes.write(operation, body, req.headers));
      if (answer.body.message?.includes('maximum allowed size') && made.length === 0) stats.refusedTooLarge++;
    } else if (operation === 'BatchGetItem' && decision.withheld) {
      answer = await batchGetWithheld(body, decision, req);
    } else {
      answer = (await indexes?.read(operation, body, req.headers)) ?? (await emulator.call(operation, body, req.headers));
    }
    for (const change of made) {
      change.answerLost = decision.lose !== undefined;
      changes.push(change);
      await indexes?.record(change);
    }
    return { answer, lose: decision.lose };
  };

  const batchGetWithheld = async (body: Json, decision: FaultDecision, req: IncomingMessage): Promise<Answer> => {
    const withheld = decision.withheld!;
    const asked: Json = {};
    const unprocessed: Json = {};
    for (const [table, entry] of Object.entries<Json>(body.RequestItems ?? {})) {
      const held = new Set((withheld.get(table) ?? []).map((key) => JSON.stringify(key)));
      const keep = (entry.Keys as Json[]).filter((key) => !held.has(JSON.stringify(key)));
      if (keep.length > 0) asked[table] = { ...entry, Keys: keep };
      if (held.size > 0) unprocessed[table] = { ...entry, Keys: (entry.Keys as Json[]).filter((key) => held.has(JSON.stringify(key))) };
      stats.keysUnprocessed += held.size;
    }
    // "If none of the items can be processed ... BatchGetItem returns a ProvisionedThroughputExceededException."
    if (Object.keys(asked).length === 0) {
      stats.throttled++;
      return errorAnswer('ProvisionedThroughputExceededException', THROTTLE_MESSAGES.ProvisionedThroughputExceededException);
    }
    const answer = await emulator.call('BatchGetItem', { ...body, RequestItems: asked }, req.headers);
    if (answer.status < 300) {
      for (const [table, entry] of Object.entries<Json>(answer.body.UnprocessedKeys ?? {})) {
        unprocessed[table] = { ...(unprocessed[table] ?? entry), Keys: [...(unprocessed[table]?.Keys ?? []), ...entry.Keys] };
      }
      answer.body.UnprocessedKeys = unprocessed;
    }
    return answer;
  };

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const target = String(req.headers['x-amz-target'] ?? '');
      const operation = target.startsWith(TARGET_PREFIX) ? target.slice(TARGET_PREFIX.length) : target;
      let body: Json;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      } catch {
        return respond(res, errorAnswer('SerializationException', 'the request body is not JSON'));
      }
      handle(operation, body, req).then(
        ({ answer, lose }) => {
          if (!lose) return respond(res, answer);
          stats.answersLost++;
          if (lose === 'reset') req.socket.destroy();
          else respond(res, errorAnswer('InternalServerError', 'Internal server error', 500));
        },
        // Not a 500: the SDK would retry it and the tests would take the layer's own failure for an injected fault.
        (error: Error) => respond(res, errorAnswer('StrictLayerFailure', `the strict layer failed: ${error.stack}`)),
      );
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clients: DynamoDBClient[] = [];
  return {
    endpoint,
    client(config = {}) {
      const made = new DynamoDBClient({ region: TEST_REGION, endpoint, credentials: DYNALITE_CREDENTIALS, ...config });
      clients.push(made);
      return made;
    },
    addFault: (rule) => faults.add(rule),
    clearFaults: () => faults.clear(),
    indexes,
    changes,
    stats,
    async close() {
      for (const client of clients) client.destroy();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      emulator.close();
    },
  };
}

function respond(res: ServerResponse, answer: Answer): void {
  const payload = Buffer.from(JSON.stringify(answer.body));
  res.writeHead(answer.status, { 'content-type': 'application/x-amz-json-1.0', 'content-length': payload.length, 'x-amzn-requestid': 'strict-layer' });
  res.end(payload);
}
