// S3 Batch Operations invoking the function ("Invoke AWS Lambda function"), against a real local
// S3 server: events of both schema versions as the AWS docs show them (test/fixtures/events), each
// task answered in the documented response shape with the result code S3 acts on, and the one
// entry point telling S3 events, batch invocations and anything else apart.
import assert from 'node:assert/strict';
import type { Context, S3Event } from 'aws-lambda';
import { CorruptJpegError, DeadlineError, FrameError, LimitExceededError, NotAJpegError, S3TransferError, UnrecognisedEventError } from '../../src/core/errors';
import type { BatchResponse } from '../../src/lambda/batch-event';
import { createBatchHandler, resultCodeOf } from '../../src/lambda/batch-invocation';
import { createHandler } from '../../src/lambda/dispatch';
import { batchEventFor, loadEvent, loadFixture, recordFor } from '../support/events';
import { OUT, RAW, useHandlerRig } from '../support/handler-rig';
import { makeJpeg } from '../support/jpegs';

/** The field names of a value, nested: the shape a response must have, whatever its values. */
function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shapeOf);
  if (typeof value !== 'object' || value === null) return typeof value;
  return Object.fromEntries(Object.entries(value).map(([name, field]) => [name, shapeOf(field)]));
}

const codesOf = (response: BatchResponse) => response.results.map((result) => [result.resultCode, result.resultString]);

describe('handler: S3 Batch Operations', function () {
  const rig = useHandlerRig();
  const batchHandler = (env: Record<string, string> = {}, minRemainingMs?: number) => {
    const deps = rig.depsWith(env, { minRemainingMs });
    return { handler: createBatchHandler(deps), observer: deps.observer };
  };

  for (const version of ['1.0', '2.0'] as const) {
    it(`answers a ${version} invocation in the documented shape, with the output's location, the URL-encoded key decoded`, async () => {
      await rig.s3.put(RAW, 'clip/frame one+.0000001.jpg', makeJpeg(20, 12, 1));
      const event = batchEventFor(version, RAW, 'clip/frame+one%2B.0000001.jpg');
      const { handler, observer } = batchHandler();

      const response = await handler(event);

      assert.deepEqual(shapeOf(response), shapeOf(loadFixture('batch-response.json')));
      assert.deepEqual(response, {
        invocationSchemaVersion: version,
        treatMissingKeysAs: 'PermanentFailure',
        invocationId: event.invocationId,
        results: [{ taskId: event.tasks[0].taskId, resultCode: 'Succeeded', resultString: `s3://${OUT}/clip/frame one+.0000001.jpg` }],
      });
      assert.equal((await rig.s3.get(OUT, 'clip/frame one+.0000001.jpg')).metadata['source-key'], encodeURIComponent('clip/frame one+.0000001.jpg'));
      assert.deepEqual([observer.processedKeys, observer.finished], [['clip/frame one+.0000001.jpg'], 1]);
    });
  }

  it('answers PermanentFailure for a bad JPEG and a frame over a limit, naming the error, and goes on', async () => {
    await rig.s3.put(RAW, 'perm/bad.jpg', 'not a frame at all', 'text/plain');
    await rig.s3.put(RAW, 'perm/big.jpg', makeJpeg(40, 40, 2));
    await rig.s3.put(RAW, 'perm/good.jpg', makeJpeg(12, 10, 3));
    const { handler, observer } = batchHandler({ MAX_PIXELS: '1000' });

    const response = await handler(batchEventFor('2.0', RAW, 'perm/bad.jpg', 'perm/big.jpg', 'perm/good.jpg'));

    const [bad, big, good] = codesOf(response);
    assert.equal(bad[0], 'PermanentFailure');
    assert.match(bad[1], /^NotAJpegError: /);
    assert.deepEqual(big, ['PermanentFailure', 'LimitExceededError: image is 40x40 (1600 pixels), over the limit of 1000 pixels']);
    assert.deepEqual(good, ['Succeeded', `s3://${OUT}/perm/good.jpg`]);
    assert.deepEqual(observer.failedKeys, ['perm/bad.jpg', 'perm/big.jpg']);
  });

  it('answers PermanentFailure for an object that is gone (NoSuchKey), TemporaryFailure for time running out, so S3 redrives only that', async () => {
    await rig.s3.put(RAW, 'temp/late.jpg', makeJpeg(12, 10, 4));
    const { handler } = batchHandler({}, 3_000);
    const almostOut = { getRemainingTimeInMillis: () => 2_500 } as Context;

    const missing = await handler(batchEventFor('1.0', RAW, 'temp/missing.jpg'));
    const late = await handler(batchEventFor('1.0', RAW, 'temp/late.jpg'), almostOut);

    assert.deepEqual(codesOf(missing).map(([code]) => code), ['PermanentFailure']);
    assert.match(codesOf(missing)[0][1], /^S3TransferError: GetObject failed: NoSuchKey HTTP 404/);
    assert.deepEqual(codesOf(late).map(([code]) => code), ['TemporaryFailure']);
    assert.match(codesOf(late)[0][1], /^DeadlineError: not started: only 2500 ms of the invocation left/);
    assert.equal(await rig.s3.exists(OUT, 'temp/late.jpg'), false);
  });

  it('answers Succeeded, skipped, for a key that is not a frame, without reading it', async () => {
    const { handler, observer } = batchHandler();

    const response = await handler(batchEventFor('2.0', RAW, 'clip/capture.json'));

    assert.deepEqual(codesOf(response), [['Succeeded', 'skipped: not a .jpg/.jpeg key']]);
    assert.deepEqual(observer.skipped, [{ key: 'clip/capture.json', reason: 'not a .jpg/.jpeg key' }]);
  });

  it('answers PermanentFailure for a malformed task and an unknown schema version, and leaves out a task it cannot name', async () => {
    const event = batchEventFor('1.0', RAW, 'm/a.jpg', 'm/b.jpg', 'm/bad%E0%A4%A.jpg', 'm/c.jpg');
    event.tasks[0].s3BucketArn = 'arn:aws:s3:us-east-1:123456789012:accesspoint/frames';
    delete event.tasks[1].s3Key;
    delete event.tasks[3].taskId;
    const future = { ...batchEventFor('2.0', RAW, 'm/d.jpg'), invocationSchemaVersion: '3.0' };
    const { handler, observer } = batchHandler();

    const response = await handler(event);
    const futureResponse = await handler(future);

    assert.deepEqual(codesOf(response), [
      ['PermanentFailure', `FrameError: the task's s3BucketArn is "arn:aws:s3:us-east-1:123456789012:accesspoint/frames", not a bucket ARN`],
      ['PermanentFailure', "FrameError: the task's s3Key is missing, not a key"],
      ['PermanentFailure', `FrameError: the task's key "m/bad%E0%A4%A.jpg" is not valid URL encoding`],
    ]);
    assert.deepEqual(codesOf(futureResponse), [['PermanentFailure', 'FrameError: invocationSchemaVersion "3.0" is not one this function reads (1.0, 2.0)']]);
    assert.equal(futureResponse.invocationSchemaVersion, '3.0');
    assert.equal(observer.failed.length, 5, 'the task without a taskId is logged, though not answered');
  });

  it('answers PermanentFailure only for a verdict on the frame or an object gone or forbidden; throttling, timeouts and failures it knows nothing of are retried', () => {
    class StoreError extends FrameError {} // a failure after the edge map is written, such as recording the frame
    const s3 = (code?: string) => new S3TransferError('x', 'k', code);

    const permanent = [new NotAJpegError('x'), new CorruptJpegError('x'), new LimitExceededError('x'), s3('NoSuchKey'), s3('AccessDenied')].map(resultCodeOf);
    const temporary = [s3(), s3('SlowDown'), s3('ThrottlingException'), s3('TimeoutError'), s3('RequestTimeout'), s3('InternalError'), new DeadlineError('x'), new StoreError('x'), new Error('x')].map(resultCodeOf);

    assert.deepEqual(permanent, Array(5).fill('PermanentFailure'));
    assert.deepEqual(temporary, Array(9).fill('TemporaryFailure'));
  });

  it('fails an invocation it cannot answer at all (no invocationId, tasks not a list)', async () => {
    const { handler } = batchHandler();

    await assert.rejects(handler({ invocationSchemaVersion: '2.0', tasks: {} }), (error: Error) => {
      assert.ok(error instanceof UnrecognisedEventError);
      assert.equal(error.message, 'an S3 Batch Operations event the function cannot answer: invocationId is missing; tasks is an object, not a list');
      return true;
    });
  });
});

describe('handler: one entry point for every event kind', function () {
  const rig = useHandlerRig();

  it('serves S3 notifications, S3 test events and Batch Operations, and refuses anything else by saying what arrived', async () => {
    await rig.s3.put(RAW, 'both/f.jpg', makeJpeg(12, 10, 5));
    const handler = createHandler(rig.depsWith());

    const fromS3 = await handler({ Records: [recordFor(RAW, 'both/f.jpg')] });
    const testEvent = await handler(loadEvent('s3-test-event.json') as unknown as S3Event);
    const fromBatch = (await handler(batchEventFor('2.0', RAW, 'both/f.jpg'))) as BatchResponse;

    assert.deepEqual(fromS3.processed.map((frame) => frame.outputKey), ['both/f.jpg']);
    assert.deepEqual(testEvent, { processed: [], skipped: 0 });
    assert.equal(fromBatch.results[0].resultCode, 'Succeeded');
    await assert.rejects(handler({ source: 'aws.events', detail: {} }), {
      name: 'UnrecognisedEventError',
      message: 'the event is neither an S3 notification (Records, or s3:TestEvent), an S3 event from EventBridge (source aws.s3) nor an S3 Batch Operations invocation (invocationSchemaVersion, tasks): it is an object with the fields source, detail',
    });
    await assert.rejects(handler(null), /: it is null$/);
  });
});
