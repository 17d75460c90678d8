// What the handler tells the world (src/lambda/observability.ts): Powertools JSON logs and EMF metrics.
import assert from 'node:assert/strict';
import { createObserver } from '../../src/lambda/observability';
import type { ProcessedFrame } from '../../src/lambda/process-object';

const RAW = 'raw-frames';
const OUT = 'processed-frames';

describe('observability: Powertools logs and EMF metrics', () => {
  it('logs one JSON line per frame with bucket, key, bytes, dimensions, sigma and stage times, and publishes the counts', () => {
    const lines: string[] = [];
    const write = process.stdout.write;
    process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
    try {
      const observer = createObserver('INFO', {});
      observer.invocationStarted();
      observer.frameProcessed(sampleFrame());
      observer.frameSkipped({ bucket: RAW, key: 'a.mp4' }, 'not a .jpg/.jpeg key');
      observer.invocationFinished();
    } finally {
      process.stdout.write = write;
    }

    const records = lines.join('').trim().split('\n').map((line) => JSON.parse(line));
    const frameLog = records.find((r) => r.message === 'frame processed');
    assert.equal(frameLog.level, 'INFO');
    assert.equal(frameLog.service, 'frame-processor');
    assert.deepEqual(
      { bucket: frameLog.bucket, key: frameLog.key, bytes: frameLog.bytes, width: frameLog.width, height: frameLog.height, sigma: frameLog.sigma },
      { bucket: RAW, key: 'cam/1.jpg', bytes: 1234, width: 1918, height: 1078, sigma: 4.57 },
    );
    assert.deepEqual(frameLog.ms, { download: 5, decode: 10, kernel: 20, encode: 3, upload: 7, total: 45 });
    assert.ok(records.some((r) => r.message === 'record skipped' && r.key === 'a.mp4'));
    const emf = records.find((r) => r._aws);
    assert.equal(emf._aws.CloudWatchMetrics[0].Namespace, 'FrameProcessor');
    assert.deepEqual(
      [emf.FramesProcessed, emf.FramesFailed, emf.FramesSkipped, emf.ProcessingTime, emf.InputBytes],
      [1, 0, 1, 45, 1234],
    );
  });
});

function sampleFrame(): ProcessedFrame {
  return {
    source: { bucket: RAW, key: 'cam/1.jpg' },
    outputBucket: OUT,
    outputKey: 'cam/1.jpg',
    inputBytes: 1234,
    downloadMs: 5,
    uploadMs: 7,
    result: {
      bytes: new Uint8Array(10),
      contentType: 'image/jpeg',
      width: 1918,
      height: 1078,
      inputWidth: 1920,
      inputHeight: 1080,
      sigma: 4.57,
      settings: { blurModifier: 8, quality: 75, format: 'jpeg' },
      timings: { decodeMs: 10, kernelMs: 20, encodeMs: 3 },
    },
  };
}
