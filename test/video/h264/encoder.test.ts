// The encoder's TypeScript interface: options and their errors, the keyframe schedule, the AVCC
// samples and parameter sets it hands to a muxer, and memory that does not creep.
import assert from 'node:assert/strict';
import { nalUnitsOf } from '../../../src/video/h264/annex-b';
import { createH264Encoder, DEFAULT_QP, WasmH264Encoder } from '../../../src/video/h264/encoder';
import { H264ClosedError, H264InputError, H264OptionError, H264SizeError } from '../../../src/video/h264/errors';
import { H264Module } from '../../../src/video/h264/module';
import { parseSliceHeader, parseSps } from '../../support/h264-syntax';

const grey = (width: number, height: number, value = 90) => new Uint8Array(width * height).fill(value);

describe('H.264 encoder interface', () => {
  it('refuses bad sizes and options with typed errors naming the option', () => {
    const cases: [object, new (...args: never[]) => Error, RegExp][] = [
      [{ width: 0, height: 10 }, H264SizeError, /^width: must be an integer >= 1, got 0/],
      [{ width: 10, height: 2.5 }, H264SizeError, /^height: must be an integer >= 1, got 2.5/],
      [{ width: Number.NaN, height: 10 }, H264SizeError, /^width:/],
      [{ width: 16896, height: 16 }, H264SizeError, /^frame size: 16896x16 at 30 frames\/s exceeds H.264 level 6.2/],
      [{ width: 8192, height: 8192 }, H264SizeError, /exceeds H.264 level 6.2/],
      [{ width: 16, height: 16, qp: -1 }, H264OptionError, /^qp: must be an integer 0..51, got -1/],
      [{ width: 16, height: 16, qp: 52 }, H264OptionError, /^qp:/],
      [{ width: 16, height: 16, qp: 20.5 }, H264OptionError, /^qp:/],
      [{ width: 16, height: 16, keyframeInterval: 0 }, H264OptionError, /^keyframeInterval: must be an integer >= 1, got 0/],
      [{ width: 16, height: 16, frameRate: 0 }, H264OptionError, /^frameRate: must be a positive number, got 0/],
    ];
    for (const [options, kind, message] of cases) {
      assert.throws(() => createH264Encoder(options as never), (error: Error) => error instanceof kind && message.test(error.message), JSON.stringify(options));
    }
  });

  it('refuses a plane of the wrong length, a bad index, and use after close', () => {
    const encoder = createH264Encoder({ width: 8, height: 6 });
    assert.throws(() => encoder.encode(grey(8, 5), 0), (e: Error) => e instanceof H264InputError && /^plane: expected 8x6 = 48 bytes, got 40 bytes/.test(e.message));
    assert.throws(() => encoder.encode(grey(8, 6), -1), (e: Error) => e instanceof H264InputError && /^globalIndex:/.test(e.message));
    encoder.encode(grey(8, 6), 0);
    encoder.close();
    assert.throws(() => encoder.encode(grey(8, 6), 1), H264ClosedError);
  });

  it('starts with an IDR picture, then one every keyframeInterval frames or when forced', () => {
    const encoder = createH264Encoder({ width: 32, height: 16, keyframeInterval: 3 });
    const kinds = [false, false, false, false, true, false, false, false].map((force, i) => encoder.encode(grey(32, 16, 10 * i), 100 + i, force).keyframe);
    encoder.close();
    assert.deepEqual(kinds, [true, false, false, true, true, false, false, true]);
  });

  it('defaults: QP DEFAULT_QP and an IDR picture every 2 s at the frame rate', () => {
    const encoder = new WasmH264Encoder({ width: 16, height: 16, frameRate: 25 }, H264Module.instance());
    encoder.close();
    assert.equal(encoder.qp, DEFAULT_QP);
    assert.equal(encoder.keyframeInterval, 50);
    assert.equal(new WasmH264Encoder({ width: 16, height: 16 }, H264Module.instance()).keyframeInterval, 60);
  });

  it('writes AVCC samples of one slice NAL unit each: IDR with idr_pic_id = global index & 0xffff, frame_num restarting', () => {
    const encoder = createH264Encoder({ width: 48, height: 32, keyframeInterval: 2 });
    const sps = parseSps(encoder.parameterSets.sps);
    const indices = [65534, 65535, 65536, 65537, 65538];
    const headers = indices.map((index) => {
      const units = nalUnitsOf(encoder.encode(grey(48, 32, index & 0xff), index).data);
      assert.equal(units.length, 1);
      return parseSliceHeader(units[0], sps);
    });
    encoder.close();
    assert.deepEqual(
      headers.map((h) => [h.nalUnitType, h.frameNum, h.idrPicId]),
      [[5, 0, 65534], [1, 1, undefined], [5, 0, 0], [1, 1, undefined], [5, 0, 2]],
    );
    assert.ok(headers.every((h) => h.nalRefIdc > 0 && h.firstMbInSlice === 0));
  });

  it('parameter sets: Constrained Baseline SPS with cropping for odd sizes, full range, and a PPS', () => {
    const encoder = createH264Encoder({ width: 1917, height: 1077 });
    encoder.close();
    const sps = parseSps(encoder.parameterSets.sps);
    assert.deepEqual(
      { ...sps, vuiPresent: undefined },
      {
        profileIdc: 66,
        constraintFlags: 0xc0,
        levelIdc: 40,
        log2MaxFrameNum: 8,
        pocType: 2,
        maxNumRefFrames: 1,
        widthInMbs: 120,
        heightInMbs: 68,
        frameMbsOnly: true,
        crop: { left: 0, right: 1, top: 0, bottom: 5 },
        vuiPresent: undefined,
        videoFullRange: true,
      },
    );
    assert.deepEqual([encoder.width, encoder.height, encoder.codec], [1918, 1078, 'avc1.42C028']);
    assert.equal(encoder.parameterSets.sps[0] & 0x1f, 7);
    assert.equal(encoder.parameterSets.pps[0] & 0x1f, 8);
  });

  it('gives its memory back: encoders made and closed one after another do not grow the instance', () => {
    const module = H264Module.create('release');
    const cycle = () => {
      const encoder = new WasmH264Encoder({ width: 320, height: 240 }, module);
      encoder.encode(grey(320, 240), 0);
      encoder.close();
    };
    cycle();
    const after = module.memoryBytes;
    for (let i = 0; i < 20; i++) cycle();
    assert.equal(module.memoryBytes, after);
  });

  it('reads its reconstruction as often as asked without growing memory', () => {
    const module = H264Module.create('release');
    const encoder = new WasmH264Encoder({ width: 320, height: 240 }, module);
    encoder.encode(grey(320, 240), 0);
    encoder.reconstruction();
    const after = module.memoryBytes;
    for (let i = 1; i < 30; i++) {
      encoder.encode(grey(320, 240, i), i);
      encoder.reconstruction();
    }
    encoder.close();
    assert.equal(module.memoryBytes, after);
  });

  it('grows its output buffer when a frame does not fit, with the same result', () => {
    const noise = Uint8Array.from({ length: 256 * 256 }, (_, i) => (i * 2654435761) >>> 24);
    const small = new WasmH264Encoder({ width: 256, height: 256, qp: 0 }, H264Module.instance());
    const frame = small.encode(noise, 0);
    small.close();
    assert.ok(frame.data.length > 256 * 256, `a QP 0 noise frame (${frame.data.length} B) is larger than the first output buffer`);
    const again = createH264Encoder({ width: 256, height: 256, qp: 0 });
    assert.deepEqual(again.encode(noise, 0).data, frame.data);
    again.close();
  });
});
