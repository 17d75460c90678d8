// S3 faults on the way out (PutObject) against a real local S3 server with a real HTTP proxy in
// front of it (support/fault-rig.ts): a failed or cut upload fails the invocation, is never
// reported processed, and leaves no output, not even a partial one over an earlier whole one.
import assert from 'node:assert/strict';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { FramesFailedError } from '../../src/core/errors';
import { createObserver } from '../../src/lambda/observability';
import { S3_CLIENT_LIMITS } from '../../src/lambda/s3-client';
import { capturingOutput, metricsOn } from '../support/captured-output';
import { failure } from '../support/events';
import { eventFor, OUT, useFaultRig } from '../support/fault-rig';
import { makeJpeg } from '../support/jpegs';
import type { RecordingObserver } from '../support/recording-observer';

describe('faults: S3 upload failures against the local S3 server, through a fault proxy', function () {
  this.timeout(30_000);
  const rig = useFaultRig();

  describe('PutObject', () => {
    it('HTTP 500 on every attempt: the invocation fails, logs and metrics say failed (not processed), no output; the retry works', async () => {
      const key = 'put-500/frame.jpg';
      const frame = makeJpeg(64, 48, 8);
      await rig.put(key, frame);
      const rule = rig.proxy.inject({ method: 'PUT', path: `/${OUT}/${key}`, fault: { kind: 'status', status: 500 } });
      // Powertools' console takes its streams when it is created: the observer is made inside the capture.
      let setup: ReturnType<typeof rig.setUp> | undefined;

      const { error, records } = await capturingOutput(() => {
        setup = rig.setUp({ observer: metricsOn(() => createObserver('INFO', {})) });
        return setup.handler(eventFor(key));
      });

      assert.ok(error instanceof FramesFailedError);
      assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
      assert.match(error.failures[0].reason, /^PutObject to processed-frames failed: InternalError HTTP 500 \(injected by the fault proxy\), after 3 attempts$/);
      const failedLog = records.find((r) => r.message === 'frame failed');
      assert.deepEqual([failedLog?.key, failedLog?.errorName], [key, 'S3TransferError']);
      assert.equal(records.filter((r) => r.message === 'frame processed').length, 0);
      const emf = records.find((r) => r._aws);
      assert.deepEqual([emf?.FramesProcessed, emf?.FramesFailed], [0, 1]);
      assert.equal(await rig.output(key), undefined);
      rig.proxy.clear();
      const retry = await capturingOutput(() => rig.assertRetryWorks(setup!.handler, setup!.config, key, frame));
      assert.equal(retry.error, undefined);
    });

    it('a connection cut mid-upload: the invocation fails, no frame reported processed, no output (not even a partial one); the retry works', async () => {
      const key = 'put-cut/frame.jpg';
      const frame = makeJpeg(160, 120, 9);
      await rig.put(key, frame);
      const { handler, config, observer } = rig.setUp();
      const half = Math.floor(rig.expectedEdges(frame, config).length / 2);
      const rule = rig.proxy.inject({ method: 'PUT', path: `/${OUT}/${key}`, fault: { kind: 'cut-request', afterBytes: half } });

      const error = await failure(handler(eventFor(key)));

      assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
      assert.match(error.failures[0].reason, /^PutObject to processed-frames failed: .+, after 3 attempts$/);
      assert.deepEqual([(observer as RecordingObserver).processedKeys, (observer as RecordingObserver).failedKeys], [[], [key]]);
      assert.equal(await rig.output(key), undefined);
      rig.proxy.clear();
      await rig.assertRetryWorks(handler, config, key, frame);
    });

    it('a connection cut mid-upload over an earlier output leaves that output whole', async () => {
      const key = 'put-cut-again/frame.jpg';
      const frame = makeJpeg(160, 120, 10);
      await rig.put(key, frame);
      const { handler } = rig.setUp();
      await handler(eventFor(key));
      const earlier = await rig.output(key);
      await rig.put(key, makeJpeg(200, 150, 11));
      rig.proxy.inject({ method: 'PUT', path: `/${OUT}/${key}`, fault: { kind: 'cut-request', afterBytes: 700 } });

      await failure(handler(eventFor(key)));

      assert.deepEqual(await rig.output(key), earlier);
      const head = await rig.client.send(new HeadObjectCommand({ Bucket: OUT, Key: key }));
      assert.equal(head.ContentLength, earlier!.length);
    });
  });
});
