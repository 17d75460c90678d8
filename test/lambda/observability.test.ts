// What the handler tells the world (src/lambda/observability.ts): Powertools JSON logs and EMF metrics.
import assert from 'node:assert/strict';
import { createObserver } from '../../src/lambda/observability';
import type { ProcessedFrame } from '../../src/lambda/process-object';

const RAW = 'raw-frames';
const OUT = 'processed-frames';

/** What the observer writes (JSON lines on stdout) while `work` runs, parsed. */
function logged(work: () => void): any[] {
  const lines: string[] = [];
  const write = process.stdout.write;
  process.stdout.write = ((chunk: string) => lines.push(String(chunk)) > 0) as typeof process.stdout.write;
  try {
    work();
  } finally {
    process.stdout.write = write;
  }
  return lines.join('').trim().split('\n').map((line) => JSON.parse(line));
}

describe('observability: Powertools logs and EMF metrics', () => {
  it("logs the video's progress with each tracked frame, and counts the videos completed", () => {
    const record = { status: 'complete', totalFrames: 3, failedFrameCount: 0 } as never;
    const chunkOnly = { tracked: true, videoId: 'cam', index: 0, chunk: 0, chunkFrames: 1, chunkExpected: 3, chunkFull: false } as const;
    const completing = { ...chunkOnly, index: 2, chunkFrames: 3, chunkFull: true, video: { state: 'completed', record } } as const;

    const records = logged(() => {
      const observer = createObserver('INFO', {});
      observer.invocationStarted();
      observer.frameProcessed({ ...sampleFrame(), tracking: chunkOnly });
      observer.frameProcessed({ ...sampleFrame(), tracking: completing });
      observer.invocationFinished();
    });

    const videos = records.filter((r) => r.message === 'frame processed').map((r) => r.video);
    assert.deepEqual(videos, [
      { videoId: 'cam', index: 0, chunk: 0, chunkFrames: '1/3' },
      { videoId: 'cam', index: 2, chunk: 0, chunkFrames: '3/3', state: 'complete', totalFrames: 3, failedFrames: 0 },
    ]);
    assert.equal(records.find((r) => r._aws).VideosCompleted, 1);
  });

  it('logs one JSON line per frame with bucket, key, bytes, dimensions, sigma and stage times, and publishes the counts', () => {
    const records = logged(() => {
      const observer = createObserver('INFO', {});
      observer.invocationStarted();
      observer.frameProcessed(sampleFrame());
      observer.frameSkipped({ bucket: RAW, key: 'a.mp4' }, 'not a .jpg/.jpeg key');
      observer.invocationFinished();
    });
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
    assert.equal('video' in frameLog, false, 'no tracking, no progress');
    assert.equal('VideosCompleted' in emf, false);
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
      reduction: 2,
      settings: { blurModifier: 8, blurMethod: 'fast', quality: 75, format: 'jpeg' },
      timings: { decodeMs: 10, kernelMs: 20, encodeMs: 3 },
    },
  };
}
