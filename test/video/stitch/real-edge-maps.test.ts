// Real edge maps: a 1080p photograph panned slowly, each frame through frame-processor's own
// pipeline and stored as the frame function stores it (JPEG, quality 75), stitched at the default
// QP in two segments. Every frame ffmpeg decodes keeps PSNR-Y >= 30 dB against the stored edge
// map (decoded by libjpeg through sharp, not by our decoder).
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { DEFAULT_QP } from '../../../src/video/h264';
import { panningEdgeMaps, psnr } from '../../../bench/h264-sequence';
import { decodeEdgeVideo, readRecord, submitVideo } from '../../support/stitch-frames';
import { settle, startStitchWorld, type StitchWorld } from '../../support/stitch-world';

const PHOTO = join(__dirname, '../../../bench/frames/frame-1920x1080.jpg');
const FRAMES = 12;

describe('stitch: real 1080p edge maps at the default quality', function () {
  let world: StitchWorld;
  before(async () => (world = await startStitchWorld()));
  after(async () => world?.close());

  it(`${FRAMES} panning frames in 2 segments: PSNR-Y >= 30 dB on every frame, bitrate reported`, async function () {
    const maps = await panningEdgeMaps(readFileSync(PHOTO), 1920, 1080, FRAMES);
    const { width, height } = maps[0];
    const pipeline = world.pipeline({ settings: { segmentFrames: FRAMES / 2, qp: DEFAULT_QP } });
    const files = await submitVideo(world, pipeline, { videoId: 'real/1080p', total: FRAMES, width, height, quality: 75, frame: (index) => maps[index] });
    await settle(pipeline);

    const video = await decodeEdgeVideo(world, 'real/1080p', width, height);
    assert.equal(video.frames.length, FRAMES);
    const scores: number[] = [];
    for (let index = 0; index < FRAMES; index++) {
      const stored = new Uint8Array(await sharp(files[index]!).extractChannel(0).raw().toBuffer());
      assert.equal(stored.length, width * height);
      scores.push(psnr(stored, width, height, video.frames[index], width));
    }
    const record = await readRecord(world, 'real/1080p');
    const worst = Math.min(...scores);
    assert.ok(worst >= 30, `worst frame ${worst.toFixed(1)} dB (${scores.map((s) => s.toFixed(1)).join(', ')})`);
    this.test!.title += ` (worst ${worst.toFixed(1)} dB, ${(Number(record.edgeVideo.bitrate) / 1e6).toFixed(2)} Mbit/s)`;
  });
});
