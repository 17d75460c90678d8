import { strict as assert } from 'node:assert';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, GetItemCommand, ListTablesCommand, UpdateItemCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoServer } from '../../src/local/dynamo-server';
import { OUTBOX_INDEX, trackingTableDefinition } from '../../src/tracking/table';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

describe('local DynamoDB server (dynalite)', () => {
  let directory: string;
  beforeEach(async () => (directory = await mkdtemp(join(tmpdir(), 'frame-processor-dynamo-'))));
  afterEach(async () => rm(directory, { recursive: true, force: true }));

  const put = (id: string) =>
    new UpdateItemCommand({ TableName: 'videos', Key: { VideoId: { S: id } }, UpdateExpression: 'SET TotalFrames = :t', ExpressionAttributeValues: { ':t': { N: '3' } } });
  const get = (id: string) => new GetItemCommand({ TableName: 'videos', Key: { VideoId: { S: id } }, ConsistentRead: true });

  it('listens on 127.0.0.1, a free port, with the table and its outbox index ACTIVE', async () => {
    const server = await startDynamoServer({ port: 0, tables: [trackingTableDefinition('videos')] });
    try {
      assert.match(server.endpoint, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(server.port > 0);
      const table = (await server.client().send(new DescribeTableCommand({ TableName: 'videos' }))).Table!;
      assert.equal(table.TableStatus, 'ACTIVE');
      assert.deepEqual(table.GlobalSecondaryIndexes?.map((index) => [index.IndexName, index.IndexStatus]), [[OUTBOX_INDEX, 'ACTIVE']]);
    } finally {
      await server.close();
    }
  });

  it('in memory: nothing survives a restart', async () => {
    const first = await startDynamoServer({ port: 0, tables: [trackingTableDefinition('videos')] });
    await first.client().send(put('v'));
    await first.close();
    const second = await startDynamoServer({ port: 0, tables: [trackingTableDefinition('videos')] });
    try {
      assert.equal((await second.client().send(get('v'))).Item, undefined);
    } finally {
      await second.close();
    }
  });

  it('with a directory: the data is kept there and the existing table is reused after a restart', async () => {
    const data = join(directory, 'dynamodb');
    const first = await startDynamoServer({ port: 0, directory: data, tables: [trackingTableDefinition('videos')] });
    await first.client().send(put('v'));
    await first.close();
    assert.ok((await readdir(data)).length > 0, 'LevelDB files in the directory');
    const second = await startDynamoServer({ port: 0, directory: data, tables: [trackingTableDefinition('videos')] });
    try {
      const client = second.client();
      assert.deepEqual((await client.send(get('v'))).Item, { VideoId: { S: 'v' }, TotalFrames: { N: '3' } });
      assert.deepEqual((await client.send(new ListTablesCommand({}))).TableNames, ['videos']);
    } finally {
      await second.close();
    }
  });

  it('a port in use is an error, and the data directory is released for the next start', async () => {
    const data = join(directory, 'dynamodb');
    const first = await startDynamoServer({ port: 0, tables: [] });
    try {
      await assert.rejects(startDynamoServer({ port: first.port, directory: data, tables: [] }), { code: 'EADDRINUSE' });
      const second = await startDynamoServer({ port: 0, directory: data, tables: [trackingTableDefinition('videos')] });
      await second.client().send(put('v'));
      await second.close();
    } finally {
      await first.close();
    }
  });
});
