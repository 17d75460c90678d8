// Finding and reading a video's edge maps in the output bucket (real s3rver): the listing goes
// page by page (tiny pages here), keeps only the edge maps of frames 0..total-1 directly in the
// folder, and reads JPEG and PNG edge maps back to the planes they hold.
import { strict as assert } from 'node:assert';
import { EdgeMapError } from '../../../src/video/errors';
import { frameKeyRule } from '../../../src/tracking/frame-key';
import { decodeEdgeMap, edgeMapSize, listEdgeMaps } from '../../../src/video/stitch/edge-maps';
import { indexFrame } from '../../support/index-frames';
import { startTestS3, type TestS3 } from '../../support/s3-server';
import { edgeMapFile } from '../../support/stitch-frames';

const BUCKET = 'processed-frames';

describe('stitch: edge maps in the output bucket', function () {
  let s3: TestS3;
  before(async () => (s3 = await startTestS3([BUCKET])));
  after(async () => s3?.close());

  it('lists a folder page by page: one name per frame, the first in key order, nothing else', async () => {
    const keys = [
      'v/a.0000000.jpg', 'v/a.0000001.png', 'v/b.0000001.jpg', 'v/a.0000003.JPEG', 'v/a.0000009.jpg', // 9 >= total
      'v/video.json', 'v/capture.json', 'v/edges.mp4', 'v/notes.txt',
      'v/.stitch/segment-00000.json', 'v/sub/a.0000002.jpg', 'w/a.0000002.jpg', 'v2/a.0000002.jpg',
    ];
    for (const key of keys) await s3.put(BUCKET, key, 'x');
    for (const pageSize of [2, 1000]) {
      const listing = await listEdgeMaps(s3.client, BUCKET, 'v', { base: 0, total: 5 }, undefined, pageSize);
      assert.deepEqual(listing.names, ['a.0000000.jpg', 'a.0000001.png', undefined, 'a.0000003.JPEG', undefined], `page size ${pageSize}`);
      assert.equal(listing.duplicates, 1);
      assert.equal(listing.ignored, 5, 'the frame past the total and the four other files');
    }
  });

  it('frames numbered from 1: names[i] shows frame i + 1; a poster beside them is no frame; FRAME_KEY_PATTERN is followed', async () => {
    for (const key of ['one/f.0000001.jpg', 'one/f.0000002.jpg', 'one/poster1.jpg', 'one/f.0000003.jpg.png', 'one/f.0000000.jpg']) await s3.put(BUCKET, key, 'x');
    const listing = await listEdgeMaps(s3.client, BUCKET, 'one', { base: 1, total: 3 });
    assert.deepEqual(listing.names, ['f.0000001.jpg', 'f.0000002.jpg', 'f.0000003.jpg.png']);
    assert.equal(listing.ignored, 2, 'the poster, and frame 0 (out of range)');
    for (const key of ['ff/frame1.jpg', 'ff/frame2.png', 'ff/thumb.jpg']) await s3.put(BUCKET, key, 'x');
    const ffmpeg = await listEdgeMaps(s3.client, BUCKET, 'ff', { base: 1, total: 2 }, frameKeyRule('^frame(\\d+)\\.jpg$'));
    assert.deepEqual(ffmpeg.names, ['frame1.jpg', 'frame2.png']);
  });

  it('reads JPEG and PNG edge maps to their planes and sizes', () => {
    const plane = indexFrame(96, 64, 5);
    const png = decodeEdgeMap(edgeMapFile(plane, 96, 64, 'png'), 'v/a.0000005.png');
    assert.deepEqual([png.width, png.height, png.plane], [96, 64, plane]);
    const jpeg = edgeMapFile(plane, 96, 64, 'jpeg', 100);
    const decoded = decodeEdgeMap(jpeg, 'v/a.0000005.jpg');
    assert.deepEqual([decoded.width, decoded.height], [96, 64]);
    assert.ok(decoded.plane.every((value, i) => Math.abs(value - plane[i]) <= 8), 'quality 100 stays close to the plane');
    assert.deepEqual(edgeMapSize(jpeg, 'v/a.0000005.jpg'), { width: 96, height: 64 });
  });

  it('refuses bytes that are neither, naming the object', () => {
    assert.throws(() => decodeEdgeMap(new TextEncoder().encode('not an image'), 'v/a.0000001.jpg'), (error: unknown) => error instanceof EdgeMapError && error.source === 'v/a.0000001.jpg' && /NotAJpegError/.test(error.reason));
    assert.throws(() => edgeMapSize(new Uint8Array([0xff, 0xd8, 0xff]), 'v/a.0000002.jpg'), EdgeMapError);
  });
});
