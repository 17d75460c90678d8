// Where dynalite and moto differ from DynamoDB (and from each other) on the limits tracking lives
// by, pinned down so that the strict layer's reason to exist stays true: each case shows each
// emulator alone, then the layer over dynalite giving DynamoDB's answer. A newer emulator that
// fixes a case fails here, and docs/tracking.md's list of differences is updated with it.
import { strict as assert } from 'node:assert';
import { BatchWriteItemCommand, GetItemCommand, PutItemCommand, TransactWriteItemsCommand, UpdateItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { startDynamoServer, type RunningDynamoServer } from '../../src/local/dynamo-server';
import { trackingTableDefinition } from '../../src/tracking/table';
import { startStrictDynamo, type StrictDynamo } from './dynamo-strict';
import { MAX_ITEM_BYTES, itemSize } from './dynamo-strict-size';
import { TOO_LARGE, TOO_LARGE_UPDATE } from './dynamo-strict-writes';
import { startMotoServer, type RunningMoto } from './moto-server';

const TABLE = 'emulators';
const key = (id: string) => ({ VideoId: { S: id } });
/** An item of exactly `bytes` by DynamoDB's rules, its payload made of `unit` (1 or 3 UTF-8 bytes). */
function itemOf(id: string, bytes: number, unit: 'a' | '€' = 'a') {
  const rest = bytes - itemSize({ ...key(id), Payload: { S: '' } });
  const item = { ...key(id), Payload: { S: unit.repeat(Math.floor(rest / Buffer.byteLength(unit))) + 'a'.repeat(rest % Buffer.byteLength(unit)) } };
  assert.equal(itemSize(item), bytes);
  return item;
}
const outcome = (promise: Promise<unknown>) => promise.then(() => 'stored', (error: Error) => `${error.name}: ${error.message}`);

describe('DynamoDB emulators: where dynalite and moto differ from the service', function () {
  this.timeout(120_000);
  let dynalite: RunningDynamoServer;
  let moto: RunningMoto;
  let strict: StrictDynamo;
  const clients: Record<'dynalite' | 'moto' | 'strict', DynamoDBClient> = {} as never;
  before(async () => {
    [dynalite, moto] = await Promise.all([startDynamoServer({ port: 0, tables: [trackingTableDefinition(TABLE)] }), startMotoServer([trackingTableDefinition(TABLE)])]);
    strict = await startStrictDynamo({ upstream: dynalite.endpoint });
    Object.assign(clients, { dynalite: dynalite.client(), moto: moto.client(), strict: strict.client() });
  });
  after(async () => {
    await strict?.close();
    await Promise.all([dynalite?.close(), moto?.close()]);
  });
  const putOn = (name: keyof typeof clients, item: Record<string, { S: string }>) => outcome(clients[name].send(new PutItemCommand({ TableName: TABLE, Item: item })));
  const read = async (name: keyof typeof clients, id: string) => (await clients[name].send(new GetItemCommand({ TableName: TABLE, Key: key(id), ConsistentRead: true }))).Item;

  it('an item of 420,000 UTF-8 bytes (140,000 UTF-16 units): dynalite stores it, moto and DynamoDB refuse it', async () => {
    const item = itemOf('utf8/over', 420_000, '€');
    assert.equal(await putOn('dynalite', item), 'stored');
    assert.equal(await putOn('moto', item), `ValidationException: ${TOO_LARGE}`);
    assert.equal(await putOn('strict', { ...item, ...key('utf8/over-strict') }), `ValidationException: ${TOO_LARGE}`);
  });

  it('an item of exactly 400 KB: DynamoDB and dynalite store it, moto refuses anything over 405,000 bytes', async () => {
    assert.equal(await putOn('strict', itemOf('limit/exact', MAX_ITEM_BYTES)), 'stored');
    assert.equal(await putOn('strict', itemOf('limit/over', MAX_ITEM_BYTES + 1)), `ValidationException: ${TOO_LARGE}`);
    assert.equal(await putOn('dynalite', itemOf('limit/exact', MAX_ITEM_BYTES)), 'stored');
    assert.equal(await putOn('moto', itemOf('limit/moto', 405_000)), 'stored');
    assert.equal(await putOn('moto', itemOf('limit/moto', 405_001)), `ValidationException: ${TOO_LARGE}`);
  });

  it('an UpdateItem refused for size: moto keeps the actions before the overflow; the layer applies none', async () => {
    const update = (name: keyof typeof clients) =>
      outcome(clients[name].send(new UpdateItemCommand({
        TableName: TABLE, Key: key('partial/update'), UpdateExpression: 'SET Marker = :m, Extra = :big',
        ExpressionAttributeValues: { ':m': { S: 'applied' }, ':big': { S: 'a'.repeat(MAX_ITEM_BYTES) } },
      })));
    for (const name of ['moto', 'strict'] as const) assert.equal(await update(name), `ValidationException: ${TOO_LARGE_UPDATE}`, name);
    assert.deepEqual(await read('moto', 'partial/update'), { ...key('partial/update'), Marker: { S: 'applied' } }, 'moto: a partial write');
    assert.equal(await read('strict', 'partial/update'), undefined);
  });

  it('a BatchWriteItem with one item over 400 KB: moto writes the others; DynamoDB and dynalite refuse the batch', async () => {
    const batch = (name: keyof typeof clients) =>
      outcome(clients[name].send(new BatchWriteItemCommand({
        RequestItems: { [TABLE]: [{ PutRequest: { Item: itemOf('batch/small', 100) } }, { PutRequest: { Item: itemOf('batch/big', MAX_ITEM_BYTES + 10) } }] },
      })));
    for (const name of ['moto', 'dynalite', 'strict'] as const) assert.match(await batch(name), /^ValidationException: Item size has exceeded the maximum allowed size/, name);
    assert.ok(await read('moto', 'batch/small'), 'moto stored the small one');
    assert.equal(await read('dynalite', 'batch/small'), undefined);
  });

  it('TransactWriteItems: dynalite does not know the operation, moto carries it out', async () => {
    const transaction = (name: keyof typeof clients) =>
      outcome(clients[name].send(new TransactWriteItemsCommand({ TransactItems: [{ Put: { TableName: TABLE, Item: itemOf('transaction/a', 50) } }, { Put: { TableName: TABLE, Item: itemOf('transaction/b', 50) } }] })));
    assert.match(await transaction('dynalite'), /^UnknownOperationException/);
    assert.match(await transaction('strict'), /^UnknownOperationException/, 'the layer cannot add what the emulator lacks');
    assert.equal(await transaction('moto'), 'stored');
  });
});
