// processFrame: the pure core, JPEG bytes in, edge map out.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ImageTooSmallError, LimitExceededError, NotAJpegError } from '../../src/core/errors';
import { sigmaFor } from '../../src/core/blur-weights';
import { Kernel } from '../../src/wasm/instance';
import { decodeGrey, decodeReduced } from '../../src/jpeg/decode';
import { FrameInput } from '../../src/core/frame-input';
import { readJpegHeader } from '../../src/jpeg/header';
import { DEFAULT_LIMITS, processFrame, type FrameOptions } from '../../src/core/pipeline';
import { referenceBlur, referenceFastEdges, referenceSobel, type Plane } from '../../src/core/reference';
import { reductionFor } from '../../src/core/reduction';
import { makeJpeg } from '../support/jpegs';
import { encodeGreyJpeg } from '../../src/jpeg/encode';

const FRAMES = join(__dirname, '..', 'fixtures', 'frames');
const raw: FrameOptions = { blurModifier: 8, quality: 75, format: 'raw' };

/** The grey plane the pipeline's decoder produces for a JPEG. */
function decodedGrey(jpeg: Uint8Array): Plane {
  const input = FrameInput.from(jpeg);
  const grey = decodeGrey(input.kernel, input.pointer, input.length, readJpegHeader(jpeg), DEFAULT_LIMITS);
  return { width: grey.width, height: grey.height, data: input.kernel.copyOut(grey.plane, grey.width * grey.height) };
}

/** The reference edge map of the decoded grey plane (exact). */
function referenceFor(jpeg: Uint8Array, blurModifier: number): Plane {
  const grey = decodedGrey(jpeg);
  return referenceSobel(referenceBlur(grey, sigmaFor(grey.width, grey.height, blurModifier)));
}

/** The fast path's reference edge map from the decoder's grid k times coarser (the exact path's where k is 1). */
function fastReferenceFor(jpeg: Uint8Array, blurModifier: number): Plane {
  const { width, height } = readJpegHeader(jpeg);
  const sigma = sigmaFor(width, height, blurModifier);
  const k = reductionFor(sigma);
  if (k === 1) return referenceFor(jpeg, blurModifier);
  const input = FrameInput.from(jpeg);
  const reduced = decodeReduced(input.kernel, input.pointer, input.length, readJpegHeader(jpeg), DEFAULT_LIMITS, k);
  const data = new Uint16Array(input.kernel.copyOut(reduced.plane, reduced.width * reduced.height * 2).buffer);
  return referenceFastEdges({ width: reduced.width, height: reduced.height, bits: 4, data }, k, reduced.reduction, sigma, width, height);
}

describe('processFrame', () => {
  for (const name of readdirSync(FRAMES).filter((f) => f.endsWith('.jpg'))) {
    it(`matches the reference byte for byte on the real frame ${name}, exact and fast`, () => {
      const jpeg = readFileSync(join(FRAMES, name));
      for (const blurModifier of [8, 0, 40, 20000]) {
        for (const [blurMethod, expected] of [['exact', referenceFor(jpeg, blurModifier)], ['fast', fastReferenceFor(jpeg, blurModifier)]] as const) {
          const result = processFrame(jpeg, { ...raw, blurModifier, blurMethod });
          assert.equal(result.width, expected.width);
          assert.equal(result.height, expected.height);
          assert.ok(Buffer.from(result.bytes).equals(expected.data), `${name} at blur modifier ${blurModifier}, ${blurMethod}`);
        }
      }
    });
  }

  it('writes the same JPEG whether the fast path codes it as it goes or from its whole edge map', () => {
    const grids = new Set<number>();
    for (const name of readdirSync(FRAMES).filter((f) => f.endsWith('.jpg'))) {
      const jpeg = readFileSync(join(FRAMES, name));
      for (const blurModifier of [8, 300, 20000]) {
        const edges = processFrame(jpeg, { ...raw, blurModifier, blurMethod: 'fast' });
        const kernel = Kernel.instance();
        kernel.reset();
        const expected = encodeGreyJpeg(kernel, kernel.copyIn(edges.bytes), edges.width, edges.height, 75);
        const result = processFrame(jpeg, { ...raw, blurModifier, blurMethod: 'fast', format: 'jpeg' });
        assert.ok(Buffer.from(result.bytes).equals(expected), `${name} at blur modifier ${blurModifier} (grid 1/${result.reduction})`);
        grids.add(result.reduction);
      }
    }
    assert.deepEqual([...grids].sort(), [1, 2, 4]);
  });

  it('reports sizes, sigma, content type and stage timings', () => {
    const result = processFrame(makeJpeg(64, 36), { ...raw, format: 'png' });
    assert.deepEqual([result.inputWidth, result.inputHeight, result.width, result.height], [64, 36, 62, 34]);
    assert.equal(result.sigma, ((64 * 36) / 3_630_000) * 8);
    assert.equal(result.contentType, 'image/png');
    for (const ms of Object.values(result.timings)) assert.ok(ms >= 0);
  });

  it('writes a PNG that holds exactly the raw edge map', async () => {
    const jpeg = makeJpeg(50, 20, 4);
    const png = processFrame(jpeg, { ...raw, format: 'png' }).bytes;
    const edges = processFrame(jpeg, raw).bytes;
    const { inflateSync } = await import('node:zlib');
    const idatLength = Buffer.from(png).readUInt32BE(33);
    const rows = inflateSync(png.subarray(41, 41 + idatLength));
    const decoded: number[] = [];
    for (let y = 0; y < 18; y++) {
      for (let x = 0; x < 48; x++) decoded.push((rows[y * 49 + 1 + x] + (y > 0 ? decoded[(y - 1) * 48 + x] : 0)) & 255);
    }
    assert.deepEqual(decoded, Array.from(edges));
  });

  it('names the source in errors', () => {
    assert.throws(
      () => processFrame(Buffer.from('plain text'), { ...raw, source: 'videos/clip 1/frame.jpg' }),
      (e: Error) => e instanceof NotAJpegError && e.message.startsWith('videos/clip 1/frame.jpg: not a JPEG'),
    );
  });

  for (const [width, height] of [[1, 1], [2, 2], [1, 40], [40, 2]]) {
    it(`refuses a ${width}x${height} image as too small`, () => {
      assert.throws(() => processFrame(makeJpeg(width, height), raw), (e: Error) => e instanceof ImageTooSmallError && /too small/.test(e.message));
    });
  }

  it('processes the smallest images: 3x3 gives 1x1 and 4x4 gives 2x2', () => {
    assert.equal(processFrame(makeJpeg(3, 3), raw).bytes.length, 1);
    assert.equal(processFrame(makeJpeg(4, 4), raw).bytes.length, 4);
  });

  it('refuses an image over the pixel limit before decoding it', () => {
    const limits = { maxPixels: 1000, maxInputBytes: 1 << 20 };
    assert.throws(() => processFrame(makeJpeg(40, 30), { ...raw, limits }), (e: Error) => e instanceof LimitExceededError && /40x30 \(1200 pixels\), over the limit of 1000 pixels/.test(e.message));
  });

  it('refuses an input over the byte limit', () => {
    const limits = { maxPixels: 1e6, maxInputBytes: 100 };
    assert.throws(() => processFrame(makeJpeg(40, 30), { ...raw, limits }), (e: Error) => e instanceof LimitExceededError && /over the limit of 100 bytes/.test(e.message));
  });

  it('does not grow memory from frame to frame', () => {
    const jpeg = makeJpeg(320, 180, 9);
    processFrame(jpeg, raw);
    const after1 = Kernel.instance().memoryBytes;
    for (let i = 0; i < 30; i++) processFrame(jpeg, raw);
    assert.equal(Kernel.instance().memoryBytes, after1);
  });
});
