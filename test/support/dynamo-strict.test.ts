// The strict layer over each emulator: what it refuses, the faults it makes, its lagging indexes
// and its log of changes, through the AWS SDK as the code under test uses it.
import { strict as assert } from 'node:assert';
import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type TransactionCanceledException,
  type TransactWriteItemsCommandInput,
} from '@aws-sdk/client-dynamodb';
import { batchGetConsistent } from '../../src/tracking/items';
import { OUTBOX_INDEX, trackingTableDefinition } from '../../src/tracking/table';
import { startDynamoBackend, type DynamoBackend, type DynamoBackendName } from './dynamo-strict-backends';
import { TOO_LARGE, TOO_LARGE_UPDATE } from './dynamo-strict-writes';

const TABLE = 'strict-layer';
const key = (id: string) => ({ VideoId: { S: id } });
/** 140,000 euro signs: 140,000 UTF-16 units (dynalite's count), 420,000 UTF-8 bytes (DynamoDB's). */
const OVER_IN_UTF8 = '€'.repeat(140_000);
/** 130,000 of them: 390,000 bytes, within the limit by any count. */
const WITHIN = '€'.repeat(130_000);

const rejection = (name: string, message?: string) => (error: Error) => {
  assert.equal(error.name, name, error.message);
  if (message) assert.equal(error.message, message);
  return true;
};

for (const name of ['dynalite+strict', 'moto'] as DynamoBackendName[]) {
  describe(`strict DynamoDB layer over ${name}`, function () {
    this.timeout(120_000);
    let backend: DynamoBackend;
    let client: DynamoDBClient;
    let once: DynamoDBClient;
    before(async () => {
      backend = await startDynamoBackend(name, [trackingTableDefinition(TABLE)], { indexLagMs: 0, seed: 7, itemSizeLimit: true });
      client = backend.client();
      once = backend.client({ maxAttempts: 1 });
    });
    afterEach(() => backend.strict!.clearFaults());
    after(async () => backend?.close());

    const read = async (id: string) => (await client.send(new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }))).Item;
    const put = (id: string, data: string) => client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key(id), Payload: { S: data } } }));

    it('PutItem: an item over 400 KB in UTF-8 bytes is refused, one within is stored', async () => {
      await assert.rejects(put('size/put', OVER_IN_UTF8), rejection('ValidationException', TOO_LARGE));
      assert.equal(await read('size/put'), undefined);
      await put('size/put', WITHIN);
      assert.equal((await read('size/put'))?.Payload.S, WITHIN);
    });

    it('UpdateItem: refused when the item after the update is over the limit, and nothing of it is applied', async () => {
      await put('size/update', 'small');
      const update = (data: string) =>
        client.send(new UpdateItemCommand({
          TableName: TABLE, Key: key('size/update'), UpdateExpression: 'SET Marker = :m, Extra = :d',
          ExpressionAttributeValues: { ':m': { S: 'set' }, ':d': { S: data } },
        }));
      await assert.rejects(update(OVER_IN_UTF8), rejection('ValidationException', TOO_LARGE_UPDATE));
      assert.deepEqual(await read('size/update'), { ...key('size/update'), Payload: { S: 'small' } });
      await update(WITHIN);
      assert.equal((await read('size/update'))?.Marker.S, 'set');
      // 390,000 bytes and more, then growth by ADD to a number set: 5,000 odd seven-digit members of 5 bytes each.
      const members = Array.from({ length: 5_000 }, (_, i) => String(1_000_001 + i * 2));
      const grow = () => client.send(new UpdateItemCommand({ TableName: TABLE, Key: key('size/update'), UpdateExpression: 'ADD Chunks :n', ExpressionAttributeValues: { ':n': { NS: members } } }));
      await assert.rejects(grow(), rejection('ValidationException', TOO_LARGE_UPDATE));
      assert.equal((await read('size/update'))?.Chunks, undefined);
    });

    it('UpdateItem: a failed condition is answered as such, whatever the size', async () => {
      const conditional = client.send(new UpdateItemCommand({
        TableName: TABLE, Key: key('size/conditional'), UpdateExpression: 'SET Payload = :d', ConditionExpression: 'attribute_exists(Payload)',
        ExpressionAttributeValues: { ':d': { S: OVER_IN_UTF8 } },
      }));
      await assert.rejects(conditional, ConditionalCheckFailedException);
    });

    it('BatchWriteItem: one item over the limit refuses the whole batch', async () => {
      const batch = client.send(new BatchWriteItemCommand({
        RequestItems: { [TABLE]: [{ PutRequest: { Item: { ...key('size/batch-a'), Payload: { S: 'a' } } } }, { PutRequest: { Item: { ...key('size/batch-b'), Payload: { S: OVER_IN_UTF8 } } } }] },
      }));
      await assert.rejects(batch, rejection('ValidationException', TOO_LARGE));
      assert.equal(await read('size/batch-a'), undefined);
    });

    // dynalite has no transactions: the layer checks them where the emulator has them.
    if (name === 'moto') {
      it('TransactWriteItems: a Put over the limit is refused up front; an Update that outgrows it cancels the transaction', async () => {
        const transact = (items: TransactWriteItemsCommandInput['TransactItems']) => client.send(new TransactWriteItemsCommand({ TransactItems: items }));
        await assert.rejects(transact([{ Put: { TableName: TABLE, Item: { ...key('size/tx-put'), Payload: { S: OVER_IN_UTF8 } } } }]), rejection('ValidationException', TOO_LARGE));
        await put('size/tx-update', WITHIN);
        const outgrowing = transact([
          { Put: { TableName: TABLE, Item: { ...key('size/tx-other'), Payload: { S: 'other' } } } },
          { Update: { TableName: TABLE, Key: key('size/tx-update'), UpdateExpression: 'SET Extra = :e', ExpressionAttributeValues: { ':e': { S: WITHIN } } } },
        ]);
        await assert.rejects(outgrowing, (error: TransactionCanceledException) => {
          assert.deepEqual(error.CancellationReasons, [{ Code: 'None' }, { Code: 'ValidationError', Message: TOO_LARGE_UPDATE }]);
          return true;
        });
        assert.equal(await read('size/tx-other'), undefined, 'nothing of the transaction is applied');
        assert.equal((await read('size/tx-update'))?.Extra, undefined);
      });
    }

    it('throttling on demand: the SDK retries it; with no retries left the caller sees it', async () => {
      const update = (c: DynamoDBClient) => c.send(new UpdateItemCommand({ TableName: TABLE, Key: key('throttled'), UpdateExpression: 'ADD Hits :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
      const rule = backend.strict!.addFault({ fault: { kind: 'throttle' }, operations: ['UpdateItem'], times: 2 });
      await update(client);
      assert.equal(rule.hits, 2);
      backend.strict!.addFault({ fault: { kind: 'throttle', error: 'ThrottlingException' }, operations: ['UpdateItem'], key: (k) => k.VideoId.S === 'throttled', times: 1 });
      await assert.rejects(update(once), rejection('ThrottlingException'));
      assert.equal((await read('throttled'))?.Hits.N, '1', 'a throttled write is not made');
    });

    it('BatchGetItem: chosen keys come back unprocessed; all of them is a throttle', async () => {
      for (const id of ['batch/a', 'batch/b', 'batch/c']) await put(id, id);
      const keys = ['batch/a', 'batch/b', 'batch/c'].map(key);
      backend.strict!.addFault({ fault: { kind: 'unprocessed' }, key: (k) => k.VideoId.S === 'batch/b', times: 1 });
      const out = await client.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } }));
      assert.deepEqual(out.Responses?.[TABLE].map((item) => item.VideoId.S).sort(), ['batch/a', 'batch/c']);
      assert.deepEqual(out.UnprocessedKeys?.[TABLE], { Keys: [key('batch/b')], ConsistentRead: true });
      backend.strict!.addFault({ fault: { kind: 'unprocessed' }, times: 3 });
      await assert.rejects(once.send(new BatchGetItemCommand({ RequestItems: { [TABLE]: { Keys: keys, ConsistentRead: true } } })), rejection('ProvisionedThroughputExceededException'));
      // The tracking core's reader asks again for what was left unprocessed.
      backend.strict!.addFault({ fault: { kind: 'unprocessed' }, probability: 0.5, times: 4 });
      const found = await batchGetConsistent({ client, name: TABLE }, ['batch/a', 'batch/b', 'batch/c']);
      assert.deepEqual([...found.keys()].sort(), ['batch/a', 'batch/b', 'batch/c']);
    });

    it('a lost answer: the write is made, the caller does not know; the SDK retries it', async () => {
      const add = (c: DynamoDBClient) => c.send(new UpdateItemCommand({ TableName: TABLE, Key: key('lost/counter'), UpdateExpression: 'ADD Hits :one', ExpressionAttributeValues: { ':one': { N: '1' } } }));
      backend.strict!.addFault({ fault: { kind: 'lose-answer', as: 'reset' }, operations: ['UpdateItem'], times: 1 });
      await assert.rejects(add(once));
      assert.equal((await read('lost/counter'))?.Hits.N, '1');
      backend.strict!.addFault({ fault: { kind: 'lose-answer', as: 'internal-error' }, operations: ['UpdateItem'], times: 1 });
      await add(client);
      assert.equal((await read('lost/counter'))?.Hits.N, '3', 'the retry of a lost ADD adds again');
      // A conditional write whose answer is lost: its own retry finds the condition false.
      backend.strict!.addFault({ fault: { kind: 'lose-answer', as: 'reset' }, operations: ['PutItem'], times: 1 });
      const first = client.send(new PutItemCommand({ TableName: TABLE, Item: { ...key('lost/once'), Payload: { S: 'mine' } }, ConditionExpression: 'attribute_not_exists(VideoId)' }));
      await assert.rejects(first, ConditionalCheckFailedException);
      const change = backend.strict!.changes.find((c) => c.key.VideoId.S === 'lost/once');
      assert.deepEqual([change?.before, change?.after?.Payload, change?.answerLost], [undefined, { S: 'mine' }, true]);
    });

    it('global indexes trail their table by the set lag; a consistent read of one is refused', async () => {
      const indexes = backend.strict!.indexes!;
      indexes.lagMs = 3_600_000;
      const outbox = async () => {
        const out = await client.send(new QueryCommand({ TableName: TABLE, IndexName: OUTBOX_INDEX, KeyConditionExpression: 'fp_Outbox = :o', ExpressionAttributeValues: { ':o': { S: 'lagging' } } }));
        return (out.Items ?? []).map((item) => item.VideoId.S);
      };
      const set = (expression: string) => client.send(new UpdateItemCommand({ TableName: TABLE, Key: key('lag/video'), UpdateExpression: expression, ExpressionAttributeValues: expression.startsWith('SET') ? { ':o': { S: 'lagging' }, ':t': { N: '1' } } : undefined }));
      await set('SET fp_Outbox = :o, fp_OutboxSince = :t');
      assert.deepEqual(await outbox(), [], 'not in the index yet');
      await indexes.catchUp(Infinity);
      assert.deepEqual(await outbox(), ['lag/video']);
      await set('REMOVE fp_Outbox');
      assert.deepEqual(await outbox(), ['lag/video'], 'still in the index after it left the table');
      await indexes.catchUp(Infinity);
      assert.deepEqual(await outbox(), []);
      indexes.lagMs = 0;
      const consistent = client.send(new QueryCommand({ TableName: TABLE, IndexName: OUTBOX_INDEX, ConsistentRead: true, KeyConditionExpression: 'fp_Outbox = :o', ExpressionAttributeValues: { ':o': { S: 'x' } } }));
      await assert.rejects(consistent, rejection('ValidationException', 'Consistent reads are not supported on global secondary indexes'));
    });

    it('logs every change with the item before and after, and answers the ReturnValues asked for', async () => {
      const update = (frame: string, returnValues?: 'UPDATED_NEW') =>
        client.send(new UpdateItemCommand({ TableName: TABLE, Key: key('log/video'), UpdateExpression: 'ADD Frames :f', ExpressionAttributeValues: { ':f': { NS: [frame] } }, ReturnValues: returnValues }));
      assert.equal((await update('1')).Attributes, undefined, 'NONE answers no attributes');
      assert.deepEqual((await update('2', 'UPDATED_NEW')).Attributes, { Frames: { NS: ['1', '2'] } });
      const changes = backend.strict!.changes.filter((c) => c.key.VideoId.S === 'log/video');
      assert.deepEqual(changes.map((c) => [c.before?.Frames, c.after?.Frames]), [[undefined, { NS: ['1'] }], [{ NS: ['1'] }, { NS: ['1', '2'] }]]);
    });
  });
}
