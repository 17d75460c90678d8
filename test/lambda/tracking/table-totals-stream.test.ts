// The table-totals function on a real DynamoDB stream (moto's; dynalite has none): another writer
// sets TotalFrames on a video item after the video's last chunk promotion, the stream carries the
// change, the stack's own event filter (deploy/tracking-on.yml) lets it through, and the function
// completes the video. Tracking's own writes and bad totals do not get through, or are refused.
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DescribeTableCommand, PutItemCommand, UpdateItemCommand, UpdateTableCommand } from '@aws-sdk/client-dynamodb';
import { createReport } from '../../../src/lambda/tracking/report';
import { createTableTotalsHandler } from '../../../src/lambda/tracking/table-totals';
import { StreamPoller, passesFilter, type FilterPattern, type LambdaStreamRecord } from '../../support/moto-stream';
import { RecordingLog } from '../../support/tracking-functions';
import { OUTPUT_BUCKET, TABLE, frameKey, startTrackingWorld, type TrackingWorld } from '../../support/tracking-world';

/** The filter of the table-totals function's stream mapping, as deployed. */
function deployedFilter(): FilterPattern {
  const template = readFileSync(join(__dirname, '..', '..', '..', 'deploy', 'tracking-on.yml'), 'utf8');
  const pattern = /FilterCriteria:\s*\n\s*Filters:\s*\n\s*- Pattern: '([^']+)'/.exec(template);
  assert.ok(pattern, 'deploy/tracking-on.yml has no stream filter');
  return JSON.parse(pattern[1]);
}

describe('tracking functions: the table-totals function on a real DynamoDB stream (moto)', function () {
  this.timeout(60_000);
  let world: TrackingWorld;
  let poller: StreamPoller;
  const log = new RecordingLog();
  const filter = deployedFilter();
  before(async () => {
    world = await startTrackingWorld([TABLE], { backend: 'moto' });
    const admin = world.dynamo.client();
    // The existing jobs table gets its stream, as the stack's parameter expects.
    await admin.send(new UpdateTableCommand({ TableName: TABLE, StreamSpecification: { StreamEnabled: true, StreamViewType: 'NEW_AND_OLD_IMAGES' } }));
    const { Table } = await admin.send(new DescribeTableCommand({ TableName: TABLE }));
    assert.ok(Table?.LatestStreamArn, 'moto gave the table no stream');
    poller = new StreamPoller(world.dynamo.endpoint, Table.LatestStreamArn);
  });
  after(async () => {
    poller?.close();
    await world?.close();
  });

  /** What the event source mapping would deliver now: new records that pass the deployed filter. */
  const delivered = async (): Promise<{ passed: LambdaStreamRecord[]; all: LambdaStreamRecord[] }> => {
    const all = await poller.poll();
    return { passed: all.filter((record) => passesFilter(record, filter)), all };
  };

  it('a TotalFrames another writer sets after the last promotion completes the video, once', async () => {
    const videoId = 'jobs/cam-7';
    // Chunks of 2: frames 0 and 1 fill chunk 0, whose promotion makes the video item.
    const tracker = world.tracker({ chunkSize: 2 });
    for (const index of [0, 1, 2]) await tracker.frameProcessed(frameKey(videoId, index));
    const tracking = await delivered();
    assert.ok(tracking.all.length >= 4, `tracking's own writes are on the stream (${tracking.all.length} records)`);
    assert.deepEqual(tracking.passed, [], "tracking's own writes do not pass the filter");

    const writer = world.dynamo.client();
    await writer.send(new UpdateItemCommand({
      TableName: TABLE, Key: { VideoId: { S: videoId } }, UpdateExpression: 'SET TotalFrames = :total, MediaConvertStatus = :status',
      ExpressionAttributeValues: { ':total': { N: '3' }, ':status': { S: 'COMPLETE' } },
    }));
    await writer.send(new PutItemCommand({ TableName: TABLE, Item: { VideoId: { S: 'jobs/cam-10' }, TotalFrames: { N: '-5' } } }));
    assert.equal(await world.s3.exists(OUTPUT_BUCKET, `${videoId}/video.json`), false, 'nothing else notices the total');

    const handler = createTableTotalsHandler({ tracker, report: createReport(log) });
    const totals = await delivered();
    assert.deepEqual(totals.passed.map((record) => [record.eventName, (record.dynamodb.NewImage as Record<string, { S?: string }>).VideoId.S]), [['MODIFY', videoId], ['INSERT', 'jobs/cam-10']]);
    assert.deepEqual(await handler({ Records: totals.passed }), { done: 1, refused: 0 });

    const [event, ...more] = await world.events(videoId);
    assert.deepEqual(more, [], 'one event');
    assert.deepEqual([event.detail.status, event.detail.totalFrames, event.detail.totalSource], ['complete', 3, 'table']);
    assert.deepEqual(log.lines.filter((line) => line.level === 'error').map((line) => line.fields.reason), ['jobs/cam-10: TotalFrames -5 is negative']);

    // The writes that recorded and completed the video are on the stream too. The completing write
    // does not pass the filter (fp_CompletedAt); tracking's record of the total it adopted may (the
    // item still has TotalFrames and is not complete yet), and the function's own check finds that
    // total already recorded: nothing is done twice.
    const after = await delivered();
    assert.ok(after.all.length >= 2, `${after.all.length} records after the total`);
    assert.ok(after.passed.length < after.all.length, 'the completing write does not pass the filter');
    assert.deepEqual(await handler({ Records: after.passed }), { done: 0, refused: 0 });
    assert.deepEqual(await handler({ Records: after.all }), { done: 0, refused: 0 });
    assert.equal((await world.events(videoId)).length, 1);
  });
});
