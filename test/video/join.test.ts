import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { joinSegments } from '../../src/video/join';
import { muxMp4 } from '../../src/video/mp4/mux';
import type { SegmentToWrite } from '../../src/video/segment-format';
import { readFrameIndex } from '../support/index-frames';
import { decodeGreyFrames, probeVideo } from '../support/media-probe';
import { startTestS3, type TestS3 } from '../support/s3-server';
import { encodeSegments, putSegments, recordingS3 } from '../support/video-segments';

const BUCKET = 'processed-frames';
const MiB = 1024 * 1024;
const range = (count: number) => Array.from({ length: count }, (_, i) => i);

/** The same video muxed in memory from all segments' samples: what the join must produce byte for byte. */
function muxedInMemory(segments: readonly SegmentToWrite[]): Uint8Array {
  return muxMp4({ parameterSets: segments[0].parameterSets, frameRate: segments[0].frameRate }, segments.flatMap((segment) => segment.samples)).bytes;
}

describe('joining segments in S3 into edges.mp4', () => {
  let s3: TestS3;
  let directory: string;
  before(async () => {
    s3 = await startTestS3([BUCKET]);
    directory = await mkdtemp(join(tmpdir(), 'mp4-join-'));
  });
  after(async () => {
    await s3.close();
    await rm(directory, { recursive: true, force: true });
  });

  /** Writes the joined file locally and returns what ffprobe and ffmpeg make of it. */
  async function inspect(bytes: Uint8Array, width: number, height: number) {
    const path = join(directory, `${Math.random().toString(36).slice(2)}.mp4`);
    await writeFile(path, bytes);
    const probed = await probeVideo(path);
    const indexes = (await decodeGreyFrames(path, width, height)).map((frame) => readFrameIndex(frame, width, height));
    return { probed, indexes };
  }

  it('joins one segment: the same bytes as muxing in memory, frames in order, keyframes kept', async () => {
    const segments = await encodeSegments({ videoId: 'one', width: 160, height: 96, frameCounts: [30], keyframeInterval: 10 });
    await putSegments(s3.client, BUCKET, segments);

    const result = await joinSegments({ s3: s3.client, bucket: BUCKET, videoId: 'one', segmentCount: 1, expectedFrames: 30 });

    const { body } = await s3.get(BUCKET, 'one/edges.mp4');
    assert.deepEqual(body, Buffer.from(muxedInMemory(segments)));
    assert.deepEqual([result.key, result.bytes, result.frameCount, result.partCount, result.frameRate, result.durationSeconds], ['one/edges.mp4', body.length, 30, 1, '30/1', 1]);
    const { probed, indexes } = await inspect(body, 160, 96);
    assert.deepEqual([probed.codec, probed.frameCount, probed.avgFrameRate], ['h264', 30, '30/1']);
    assert.deepEqual(probed.keyframeTimes.map((time) => Math.round(time * 30)), [0, 10, 20]);
    assert.deepEqual(indexes, range(30));
  });

  it('joins two segments at 29.97 fps', async () => {
    const frameRate = { numerator: 30000, denominator: 1001 };
    const segments = await encodeSegments({ videoId: 'two', width: 160, height: 96, frameCounts: [20, 25], frameRate });
    await putSegments(s3.client, BUCKET, segments);

    await joinSegments({ s3: s3.client, bucket: BUCKET, videoId: 'two', segmentCount: 2 });

    const { body } = await s3.get(BUCKET, 'two/edges.mp4');
    assert.deepEqual(body, Buffer.from(muxedInMemory(segments)));
    const { probed, indexes } = await inspect(body, 160, 96);
    assert.deepEqual([probed.frameCount, probed.avgFrameRate], [45, '30000/1001']);
    assert.ok(Math.abs(probed.duration - (45 * 1001) / 30000) < 1e-6);
    assert.deepEqual(probed.keyframeTimes.map((time) => Math.round((time * 30000) / 1001)), [0, 20]);
    assert.deepEqual(indexes, range(45));
  });

  it('joins many segments, single-frame ones included, at 25 fps, and a re-run writes identical bytes', async () => {
    const frameCounts = [9, 1, 12, 5, 1, 16, 7, 3];
    const segments = await encodeSegments({ videoId: 'many', width: 160, height: 96, frameCounts, keyframeInterval: 4, frameRate: { numerator: 25, denominator: 1 } });
    await putSegments(s3.client, BUCKET, segments);

    const first = await joinSegments({ s3: s3.client, bucket: BUCKET, videoId: 'many', segmentCount: 8, expectedFrames: 54 });
    const firstBody = (await s3.get(BUCKET, 'many/edges.mp4')).body;
    const second = await joinSegments({ s3: s3.client, bucket: BUCKET, videoId: 'many', segmentCount: 8, expectedFrames: 54 });
    const secondBody = (await s3.get(BUCKET, 'many/edges.mp4')).body;

    assert.deepEqual(firstBody, Buffer.from(muxedInMemory(segments)));
    assert.deepEqual(secondBody, firstBody);
    assert.equal(second.etag, first.etag);
    const { probed, indexes } = await inspect(firstBody, 160, 96);
    assert.deepEqual([probed.frameCount, probed.avgFrameRate, probed.duration], [54, '25/1', 54 / 25]);
    // An IDR at each segment start and every 4 frames inside a segment.
    const starts = frameCounts.map((_, i) => frameCounts.slice(0, i).reduce((a, b) => a + b, 0));
    const expectedKeyframes = starts.flatMap((start, i) => range(frameCounts[i]).filter((n) => n % 4 === 0).map((n) => start + n));
    assert.deepEqual(probed.keyframeTimes.map((time) => Math.round(time * 25)), expectedKeyframes);
    assert.deepEqual(indexes, range(54));
  });

  it('streams a video larger than several 5 MiB parts: part by part, exact bytes, every frame decoded in order', async () => {
    // Noise at a low quantiser: about 0.2 MB a frame, so two segments pass 10 MiB.
    const segments = await encodeSegments({ videoId: 'big', width: 640, height: 480, frameCounts: [28, 28], noise: true, qp: 4, keyframeInterval: 10, preset: 'ultrafast' });
    await putSegments(s3.client, BUCKET, segments);
    const recorder = recordingS3(s3.client);

    const result = await joinSegments({ s3: recorder, bucket: BUCKET, videoId: 'big', segmentCount: 2, partBytes: 5 * MiB, uploadConcurrency: 2 });

    const { body } = await s3.get(BUCKET, 'big/edges.mp4');
    assert.ok(body.length > 10 * MiB, `only ${body.length} bytes: the test needs at least 3 parts`);
    assert.equal(result.partCount, Math.ceil(body.length / (5 * MiB)));
    assert.deepEqual(body, Buffer.from(muxedInMemory(segments)));
    const uploads = recorder.calls.filter((call) => call.startsWith('UploadPart'));
    assert.deepEqual(uploads.sort(), range(result.partCount).map((n) => `UploadPartCommand#${n + 1}`).sort());
    assert.deepEqual(recorder.calls.filter((call) => /Multipart/.test(call)), ['CreateMultipartUploadCommand', 'CompleteMultipartUploadCommand']);
    const { probed, indexes } = await inspect(body, 640, 480);
    assert.equal(probed.frameCount, 56);
    assert.deepEqual(indexes, range(56));
  });
});
