// The deadline covers the compute too: the WebAssembly work is synchronous, so the function refuses
// to start a frame whose estimated compute time (from its header: pixels, blur taps, decoder) does
// not fit in the time its invocation has left. Against a real local S3 server.
import assert from 'node:assert/strict';
import type { Context } from 'aws-lambda';
import { cpuShareFor, estimateComputeMs } from '../../src/core/frame-cost';
import { failure, recordFor } from '../support/events';
import { contextAnswering, contextWithDeadline } from '../support/fault-rig';
import { OUT, RAW, useHandlerRig } from '../support/handler-rig';
import { flatBaselineJpeg } from '../support/jpeg-writer';

describe('handler: a frame is started only if its compute fits in the time left', function () {
  const rig = useHandlerRig();
  before(async () => {
    await rig.s3.put(RAW, 'deadline/8k.jpg', flatBaselineJpeg({ width: 7680, height: 4320 }));
    await rig.s3.put(RAW, 'deadline/1080p.jpg', flatBaselineJpeg({ width: 1920, height: 1080 }));
  });
  // A 1024 MB function: 0.58 of a vCPU; the exact path, whose blur at full size makes 8K costly.
  const setUp = (method = 'exact') => rig.handlerWith({ BLUR_MODIFIER: '12', BLUR_METHOD: method, AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024' });

  it('refuses an 8K frame estimated past the time left (16 s), naming it and the estimate; the small frame before it runs', async () => {
    const { handler, observer } = setUp();
    const estimate = estimateComputeMs({ width: 7680, height: 4320, blurTaps: 439, jpegJsBlockVisits: 0 }, cpuShareFor(1024));
    assert.ok(estimate > 16_000 && estimate < 30_000, `estimate ${estimate} ms`);
    // Remaining time asked: at the start, before and after the 1080p download, then 16 s from the 8K frame on.
    const context = contextAnswering(60_000, 60_000, 60_000, 16_000);

    const error = await failure(handler({ Records: [recordFor(RAW, 'deadline/1080p.jpg'), recordFor(RAW, 'deadline/8k.jpg')] }, context));

    assert.deepEqual(observer.processedKeys, ['deadline/1080p.jpg']);
    assert.equal(error.failures.length, 1);
    assert.equal(error.failures[0].key, 'deadline/8k.jpg');
    assert.match(
      error.failures[0].reason,
      /^not started: a 7680x4320 frame \(WebAssembly decoder, 439-tap blur\) is estimated at 24\.0 s of compute, more than the 14\.0 s the invocation has left; the retry will process it$/,
    );
    assert.equal(observer.failed[0].error instanceof Error && observer.failed[0].error.name, 'DeadlineError');
    assert.equal(await rig.s3.exists(OUT, 'deadline/8k.jpg'), false);
  });

  it('refuses for good (LimitExceededError) a frame estimated over what a whole invocation has: no retry would do better', async () => {
    const { handler, observer } = setUp();

    const error = await failure(handler({ Records: [recordFor(RAW, 'deadline/8k.jpg')] }, contextWithDeadline(16_000)));

    assert.match(error.failures[0].reason, /^a 7680x4320 frame \(WebAssembly decoder, 439-tap blur\) is estimated at 24\.0 s of compute, more than the 1[34]\.\d s a whole invocation has$/);
    assert.equal(observer.failed[0].error instanceof Error && observer.failed[0].error.name, 'LimitExceededError');
  });

  it('processes the same 8K frame in fast mode, whose blur on the grid 4 times coarser is estimated at a few seconds', async () => {
    const { handler } = setUp('fast');
    // 3 x (33.2 MP x 8 ns + 1920 x 1080 x 113 taps x 0.3 ns) / 0.58
    const estimate = estimateComputeMs({ width: 7680, height: 4320, blurTaps: 113, blurReduction: 4, jpegJsBlockVisits: 0 }, cpuShareFor(1024));
    assert.ok(estimate > 1_000 && estimate < 3_000, `estimate ${estimate} ms`);

    const summary = await handler({ Records: [recordFor(RAW, 'deadline/8k.jpg')] }, contextAnswering(60_000, 60_000, 60_000, 16_000));

    assert.deepEqual(summary.processed.map((frame) => frame.key), ['deadline/8k.jpg']);
  });

  it('processes a frame whose estimate fits, with far less time left than the old fixed 15 s', async () => {
    const { handler } = setUp();
    const context: Context = contextWithDeadline(4_000);

    const summary = await handler({ Records: [recordFor(RAW, 'deadline/1080p.jpg')] }, context);

    assert.deepEqual(summary.processed.map((frame) => frame.key), ['deadline/1080p.jpg']);
  });
});
