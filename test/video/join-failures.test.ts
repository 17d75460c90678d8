import assert from 'node:assert/strict';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { JoinOptionError, JoinUploadError, SegmentDataError, SegmentIndexError, SegmentMismatchError, VideoError } from '../../src/video/errors';
import { joinSegments, type JoinRequest } from '../../src/video/join';
import { muxMp4 } from '../../src/video/mp4/mux';
import { describeSegment, segmentIndexKey, type SegmentIndexJson, type SegmentToWrite } from '../../src/video/segment-format';
import { startTestS3, type TestS3 } from '../support/s3-server';
import { encodeSegments, putSegments, recordingS3, s3Failure, syntheticSegments, type Fault } from '../support/video-segments';

const BUCKET = 'processed-frames';
const MiB = 1024 * 1024;

describe('joins that must not happen, and joins that fail midway', () => {
  let s3: TestS3;
  let good: SegmentToWrite[];
  let baseline: SegmentToWrite[];
  let videos = 0;
  before(async () => {
    s3 = await startTestS3([BUCKET]);
    [good, baseline] = await Promise.all([
      encodeSegments({ videoId: 'template', width: 160, height: 96, frameCounts: [6, 5, 7] }),
      encodeSegments({ videoId: 'template', width: 160, height: 96, frameCounts: [5], profile: 'baseline' }),
    ]);
  });
  after(() => s3.close());

  /** The good segments under a fresh video id, with `change` applied to their index JSON before writing. */
  async function writeVideo(change: (index: SegmentIndexJson, segment: number) => void = () => undefined, segments = good): Promise<string> {
    const videoId = `video-${++videos}`;
    for (const segment of segments) {
      const { data, index, dataKey, indexKey } = describeSegment({ ...segment, videoId });
      change(index, segment.segment);
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: dataKey, Body: data }));
      await s3.client.send(new PutObjectCommand({ Bucket: BUCKET, Key: indexKey, Body: JSON.stringify(index) }));
    }
    return videoId;
  }

  /** Runs the join through a recorder; asserts it fails with `kind` matching `reason`, and leaves no output. */
  async function refused(videoId: string, kind: new (...args: never[]) => VideoError, reason: RegExp, source: string, extra: Partial<JoinRequest> = {}, fault?: Fault) {
    const recorder = recordingS3(s3.client, fault);
    const warnings: string[] = [];
    await assert.rejects(
      joinSegments({ s3: recorder, bucket: BUCKET, videoId, segmentCount: 3, warn: (message) => warnings.push(message), ...extra }),
      (error: unknown) => {
        assert.ok(error instanceof kind, `${(error as Error).name}: ${(error as Error).message}`);
        assert.match((error as VideoError).reason, reason);
        assert.equal((error as VideoError).source, source);
        return true;
      },
    );
    assert.equal(await s3.exists(BUCKET, `${videoId}/edges.mp4`), false);
    return { calls: recorder.calls, warnings };
  }

  it('refuses corrupt indexes before uploading anything, naming the index and the reason', async () => {
    const corruptions: Array<[string, (index: SegmentIndexJson) => void, RegExp]> = [
      ['an unknown version', (index) => Object.assign(index, { version: 2 }), /version 2 is not supported/],
      ['another format', (index) => Object.assign(index, { format: 'something/else' }), /format "something\/else"/],
      ['sizes that do not add up', (index) => index.sampleSizes[2]++, /add up to \d+ bytes, dataBytes says/],
      ['a frame count that is not the sizes', (index) => index.frameCount++, /sampleSizes has 5 entries for 6 frames/],
      ['an SPS that is not one', (index) => (index.sps = Buffer.from('not an sps').toString('base64')), /sps\/pps: NAL unit type/],
      ['a size that is not the SPS', (index) => (index.width = 162), /162x96 is not the SPS's 160x96/],
      ['a data key outside the video', (index) => (index.dataKey = 'other/.stitch/x.h264'), /dataKey/],
      ['a negative first frame', (index) => (index.firstFrame = -5), /firstFrame -5/],
    ];
    for (const [what, corrupt, reason] of corruptions) {
      const videoId = await writeVideo((index, segment) => segment === 1 && corrupt(index));
      const { calls } = await refused(videoId, SegmentIndexError, reason, segmentIndexKey(videoId, 1));
      assert.ok(!calls.includes('CreateMultipartUploadCommand'), what);
    }
  });

  it('refuses an index that is not JSON, and a segment never finished (no index)', async () => {
    const videoId = await writeVideo();
    await s3.put(BUCKET, segmentIndexKey(videoId, 2), '{"format": "frame-processor/h264-seg', 'application/json');
    await refused(videoId, SegmentIndexError, /not JSON/, segmentIndexKey(videoId, 2));
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: segmentIndexKey(videoId, 2) }));
    await refused(videoId, SegmentIndexError, /segment 2 of 3 has no index: it was never finished/, segmentIndexKey(videoId, 2));
  });

  it('refuses segments that do not fit: another SPS, a gap, an overlap, no keyframe first, a wrong total', async () => {
    const otherSps = await writeVideo(undefined, [good[0], { ...baseline[0], segment: 1, firstFrame: 6 }, good[2]]);
    await refused(otherSps, SegmentMismatchError, /SPS differs from segment 0's/, segmentIndexKey(otherSps, 1));
    const gap = await writeVideo((index, segment) => segment === 2 && (index.firstFrame = 12));
    await refused(gap, SegmentMismatchError, /starts at frame 12, so frames 11..11 are missing/, segmentIndexKey(gap, 2));
    const overlap = await writeVideo((index, segment) => segment === 1 && (index.firstFrame = 4));
    await refused(overlap, SegmentMismatchError, /starts at frame 4, inside the frames before it \(which end at 5\)/, segmentIndexKey(overlap, 1));
    const noKeyframe = await writeVideo((index, segment) => segment === 2 && (index.keyframes = [3]));
    await refused(noKeyframe, SegmentMismatchError, /first sample is not a keyframe/, segmentIndexKey(noKeyframe, 2));
    const total = await writeVideo();
    await refused(total, SegmentMismatchError, /hold 18 frames, the video has 20/, segmentIndexKey(total, 2), { expectedFrames: 20 });
  });

  it('refuses data that is not what the index describes: missing, another size, same size other bytes', async () => {
    const missing = await writeVideo();
    const dataKey = (videoId: string, segment: number) => describeSegment({ ...good[segment], videoId }).dataKey;
    await s3.client.send(new DeleteObjectCommand({ Bucket: BUCKET, Key: dataKey(missing, 1) }));
    await refused(missing, SegmentDataError, /is missing \(named by .*segment-00001.json\)/, dataKey(missing, 1));

    const resized = await writeVideo();
    await s3.put(BUCKET, dataKey(resized, 0), new Uint8Array(10));
    const { calls } = await refused(resized, SegmentDataError, /is 10 bytes, its index .* says/, dataKey(resized, 0));
    assert.ok(!calls.includes('CreateMultipartUploadCommand'));

    const replaced = await writeVideo();
    const original = (await s3.get(BUCKET, dataKey(replaced, 2))).body;
    original[original.length - 1] ^= 0xff;
    await s3.put(BUCKET, dataKey(replaced, 2), original);
    const aborted = await refused(replaced, SegmentDataError, /SHA-256 [0-9a-f]{64} is not the/, dataKey(replaced, 2));
    assert.deepEqual(aborted.calls.filter((call) => /Multipart/.test(call)), ['CreateMultipartUploadCommand', 'AbortMultipartUploadCommand']);
    // s3rver does not implement AbortMultipartUpload (405): reported, not thrown over the real error.
    assert.match(aborted.warnings.join('\n'), /could not abort multipart upload .*MethodNotAllowed/);
  });

  it('refuses part sizes under S3 minimum and bad options before any S3 call', async () => {
    const videoId = await writeVideo();
    for (const [extra, field] of [[{ partBytes: 5 * MiB - 1 }, 'partBytes'], [{ uploadConcurrency: 0 }, 'uploadConcurrency'], [{ segmentCount: 0 }, 'segmentCount']] as const) {
      const { calls } = await refused(videoId, JoinOptionError, /is not/, field, extra);
      assert.deepEqual(calls, []);
    }
  });

  describe('faults in the middle of a 3-part upload (injected: a real server does not fail on cue)', () => {
    let videoId: string;
    let segments: SegmentToWrite[];
    let cleanBytes: Buffer;
    const key = () => `${videoId}/edges.mp4`;
    const join = (fault?: Fault) => {
      const recorder = recordingS3(s3.client, fault);
      const warnings: string[] = [];
      const run = joinSegments({ s3: recorder, bucket: BUCKET, videoId, segmentCount: 6, partBytes: 5 * MiB, warn: (message) => warnings.push(message) });
      return { run, calls: recorder.calls, warnings };
    };
    before(async () => {
      videoId = 'faulty';
      // 6 segments x 20 samples x 100 KB: 12 MB, 3 parts of 5 MiB.
      segments = syntheticSegments(videoId, [20, 20, 20, 20, 20, 20], 100_000, good[0].parameterSets);
      await putSegments(s3.client, BUCKET, segments);
    });

    it('a failed UploadPart aborts the upload: no edges.mp4, then a clean run', async () => {
      const attempt = join(({ name, input }) => (name === 'UploadPartCommand' && input.PartNumber === 2 ? s3Failure('InternalError', 500) : undefined));
      await assert.rejects(attempt.run, (error: unknown) => error instanceof JoinUploadError && /UploadPart 2 of 3 failed: InternalError \(HTTP 500\)/.test(error.message) && error.source === key());
      assert.equal(await s3.exists(BUCKET, key()), false);
      assert.ok(attempt.calls.includes('AbortMultipartUploadCommand') && !attempt.calls.includes('CompleteMultipartUploadCommand'));
      assert.equal(attempt.warnings.length, 1);

      await join().run;
      cleanBytes = (await s3.get(BUCKET, key())).body;
      const expected = muxMp4({ parameterSets: good[0].parameterSets, frameRate: { numerator: 30, denominator: 1 } }, segments.flatMap((segment) => segment.samples)).bytes;
      assert.deepEqual(cleanBytes, Buffer.from(expected));
    });

    it('a failed CompleteMultipartUpload or a lost segment read leaves the earlier edges.mp4 as it was', async () => {
      const faults: Array<[Fault, RegExp, new (...args: never[]) => VideoError]> = [
        [({ name }) => (name === 'CompleteMultipartUploadCommand' ? s3Failure('SlowDown', 503) : undefined), /CompleteMultipartUpload failed: SlowDown/, JoinUploadError],
        [({ name, input }) => (name === 'GetObjectCommand' && typeof input.Range === 'string' && String(input.Key).includes('segment-00004') ? s3Failure('InternalError', 500) : undefined), /could not be read: InternalError/, SegmentDataError],
        [({ name }) => (name === 'CreateMultipartUploadCommand' ? s3Failure('AccessDenied', 403) : undefined), /CreateMultipartUpload failed: AccessDenied/, JoinUploadError],
      ];
      for (const [fault, reason, kind] of faults) {
        const attempt = join(fault);
        await assert.rejects(attempt.run, (error: unknown) => error instanceof kind && reason.test(error.message));
        assert.deepEqual((await s3.get(BUCKET, key())).body, cleanBytes);
      }
    });

    it('rides out a ranged read that fails once and a body cut halfway, and still writes identical bytes', async () => {
      let ranged = 0;
      const attempt = join(({ name, input }) => {
        if (name !== 'GetObjectCommand' || typeof input.Range !== 'string') return undefined;
        ranged++;
        return ranged === 3 ? s3Failure('InternalError', 500) : ranged === 6 ? 'cut-body' : undefined;
      });

      await attempt.run;

      // 6 index reads; 8 ranged reads (3 + 3 + 2 pieces in the 3 parts), 2 of them tried twice.
      assert.equal(attempt.calls.filter((call) => call === 'GetObjectCommand').length, 6 + 8 + 2);
      assert.deepEqual((await s3.get(BUCKET, key())).body, cleanBytes);
    });
  });
});
