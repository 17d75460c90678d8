// S3 faults on the way in (GetObject), an S3 outage and the invocation's remaining time, against a
// real local S3 server with a real HTTP proxy in front of it (support/fault-rig.ts) for what a
// healthy server does not do on demand: cut a body, stall, answer 500/503. Every fault must fail
// the invocation (so Lambda retries the event), leave no output, and leave the next invocation
// working. Faults on the way out: s3-upload-faults.test.ts.
import assert from 'node:assert/strict';
import { FramesFailedError } from '../../src/core/errors';
import { S3_CLIENT_LIMITS } from '../../src/lambda/s3-client';
import { failure } from '../support/events';
import { contextAnswering, contextWithDeadline, eventFor, RAW, useFaultRig } from '../support/fault-rig';
import { makeJpeg } from '../support/jpegs';
import type { RecordingObserver } from '../support/recording-observer';

describe('faults: S3 failures against the local S3 server, through a fault proxy', function () {
  this.timeout(30_000);
  const rig = useFaultRig();

  describe('GetObject', () => {
    it('a connection cut mid-body fails the invocation (no SDK retry of a begun body), writes nothing; the retry works', async () => {
      const key = 'cut/frame 1.jpg';
      const frame = makeJpeg(160, 120, 1);
      await rig.put(key, frame);
      const { handler, config } = rig.setUp();
      const rule = rig.proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'cut-response', afterBytes: 1000 } });

      const error = await failure(handler(eventFor(key)));

      assert.equal(rule.hits, 1);
      assert.deepEqual(error.failures.map((f) => f.key), [key]);
      assert.match(error.failures[0].reason, new RegExp(`^download failed: .+ \\(after \\d+ of ${frame.length} bytes\\)$`));
      assert.match(error.message, /"raw-frames\/cut\/frame 1\.jpg": download failed/);
      assert.equal(await rig.output(key), undefined);
      rig.proxy.clear();
      await rig.assertRetryWorks(handler, config, key, frame);
    });

    for (const status of [500, 503] as const) {
      it(`HTTP ${status} on every attempt: the SDK tries ${S3_CLIENT_LIMITS.maxAttempts} times, then the invocation fails naming the key; nothing written; the retry works`, async () => {
        const key = `status-${status}/frame.jpg`;
        const frame = makeJpeg(64, 48, status);
        await rig.put(key, frame);
        const { handler, config } = rig.setUp();
        const rule = rig.proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'status', status } });

        const error = await failure(handler(eventFor(key)));

        assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
        const code = status === 500 ? 'InternalError' : 'SlowDown';
        assert.match(error.failures[0].reason, new RegExp(`^GetObject failed: ${code} HTTP ${status} \\(injected by the fault proxy\\), after 3 attempts$`));
        assert.equal(error.failures[0].key, key);
        assert.equal(await rig.output(key), undefined);
        rig.proxy.clear();
        await rig.assertRetryWorks(handler, config, key, frame);
      });
    }

    it('a single 503 is ridden out by the SDK retry: the invocation succeeds', async () => {
      const key = 'blip/frame.jpg';
      const frame = makeJpeg(48, 40, 4);
      await rig.put(key, frame);
      const { handler, config } = rig.setUp();
      const rule = rig.proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'status', status: 503 }, times: 1 });

      const summary = await handler(eventFor(key));

      assert.equal(rule.hits, 1);
      assert.equal(summary.processed.length, 1);
      assert.deepEqual(await rig.output(key), rig.expectedEdges(frame, config));
    });

    it('a body that stalls fails at the socket inactivity timeout, not at the Lambda timeout; the retry works', async () => {
      const key = 'stall/frame.jpg';
      const frame = makeJpeg(160, 120, 5);
      await rig.put(key, frame);
      // The production client with a 1 s inactivity timeout instead of 10 s, to keep the test short.
      const { handler, config } = rig.setUp({ limits: { ...S3_CLIENT_LIMITS, socketTimeoutMs: 1_000 } });
      const rule = rig.proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'stall-response', afterBytes: 500 } });

      const error = await failure(handler(eventFor(key), contextWithDeadline(120_000)));

      assert.equal(rule.hits, 1);
      assert.match(error.failures[0].reason, new RegExp(`^download failed: TimeoutError .*timed out after 1000 ms of inactivity.* \\(after 500 of ${frame.length} bytes\\)$`));
      assert.equal(await rig.output(key), undefined);
      rig.proxy.clear();
      await rig.assertRetryWorks(handler, config, key, frame);
    });

    it('a server that never answers: each attempt ends at the inactivity timeout, and the invocation fails after the last', async () => {
      const key = 'silent/frame.jpg';
      await rig.put(key, makeJpeg(64, 48, 12));
      const { handler } = rig.setUp({ limits: { ...S3_CLIENT_LIMITS, socketTimeoutMs: 500 } });
      const rule = rig.proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'no-response' } });

      const error = await failure(handler(eventFor(key), contextWithDeadline(120_000)));

      assert.equal(rule.hits, S3_CLIENT_LIMITS.maxAttempts);
      assert.match(error.failures[0].reason, /^GetObject failed: TimeoutError .*timed out after 500 ms of inactivity.*, after 3 attempts$/);
      assert.equal(await rig.output(key), undefined);
    });

    it('a stall close to the end of the invocation is abandoned before the Lambda timeout, with the production timeouts', async () => {
      const key = 'late-stall/frame.jpg';
      await rig.put(key, makeJpeg(160, 120, 6));
      const { handler, observer } = rig.setUp({ deps: { minRemainingMs: 1_000, abandonReserveMs: 2_000 } });
      rig.proxy.inject({ method: 'GET', path: `/${RAW}/${key}`, fault: { kind: 'stall-response', afterBytes: 500 } });

      // 3.5 s left: the frame starts (over 1 s left), the 10 s inactivity timeout would come too late.
      const error = await failure(handler(eventFor(key), contextWithDeadline(3_500)));

      assert.match(error.failures[0].reason, /^download abandoned: the invocation had only 2000 ms left before its timeout; the retry will process it \(after 500 of \d+ bytes\)$/);
      assert.deepEqual((observer as RecordingObserver).processedKeys, []);
      assert.equal(await rig.output(key), undefined);
    });
  });

  describe('the S3 server stopped', () => {
    it('fails the invocation with an error naming the key and the refused connection; after a restart the retry works', async () => {
      const key = 'outage/frame.jpg';
      const frame = makeJpeg(64, 48, 7);
      await rig.put(key, frame);
      const { handler, config } = rig.setUp({ endpoint: rig.server.endpoint });

      await rig.stopServer();
      let error: FramesFailedError;
      try {
        error = await failure(handler(eventFor(key)));
      } finally {
        await rig.restartServer();
      }

      assert.match(error.message, /^1 of 1 frames failed:\n {2}"raw-frames\/outage\/frame\.jpg": GetObject failed: ECONNREFUSED .*, after 3 attempts$/);
      await rig.assertRetryWorks(handler, config, key, frame);
    });
  });

  describe('remaining time', () => {
    it('processes the frames that fit, does not start the next, and fails the invocation naming it; the retry processes it', async () => {
      const keys = ['time/a.jpg', 'time/b.jpg'];
      for (const [i, key] of keys.entries()) await rig.put(key, makeJpeg(64, 48, 20 + i));
      const { handler, observer, config } = rig.setUp({ deps: { minRemainingMs: 10_000 } });

      // Remaining time asked: for the deadline, before frame a (enough), before frame b (too little).
      const error = await failure(handler(eventFor(...keys), contextAnswering(30_000, 30_000, 4_000)));

      assert.deepEqual(error.failures, [{ bucket: RAW, key: 'time/b.jpg', reason: 'not started: only 4000 ms of the invocation left (at least 10000 ms needed); the retry will process it' }]);
      assert.deepEqual((observer as RecordingObserver).processedKeys, ['time/a.jpg']);
      assert.equal(await rig.output('time/b.jpg'), undefined);
      const summary = await handler(eventFor(...keys), contextAnswering(30_000));
      assert.equal(summary.processed.length, 2);
      assert.deepEqual(await rig.output('time/b.jpg'), rig.expectedEdges(makeJpeg(64, 48, 21), config));
    });
  });
});
