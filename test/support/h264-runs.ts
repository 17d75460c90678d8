// Encoding runs for the H.264 tests and the check every test stream goes through: decoded by
// ffmpeg (`-err_detect explode`) and by OpenH264, each picture's luma equals the encoder's own
// reconstruction byte for byte (ffmpeg's chroma is all 128 too), and every macroblock keeps to
// the level limits (at most 3200 bits, vectors within range: h264-limits.ts).
import assert from 'node:assert/strict';
import { toAnnexB } from '../../src/video/h264/annex-b';
import { WasmH264Encoder, type EncodedFrame, type H264EncoderOptions } from '../../src/video/h264/encoder';
import { H264Module } from '../../src/video/h264/module';
import { decodeH264, requireFfmpeg } from './ffmpeg-h264';
import { assertMacroblockLimits } from './h264-limits';
import { seededRandom } from './images';
import { decodeOpenH264, requireOpenH264 } from './openh264';

export interface Run {
  encoder: WasmH264Encoder;
  frames: EncodedFrame[];
  recons: Uint8Array[];
  stream: Uint8Array;
}

/** Encodes the planes in order (frame i has global index start + i) and keeps every reconstruction. */
export function encodeRun(options: H264EncoderOptions, planes: Iterable<Uint8Array>, start = 0): Run {
  const encoder = new WasmH264Encoder(options, H264Module.instance());
  const frames: EncodedFrame[] = [];
  const recons: Uint8Array[] = [];
  let index = start;
  for (const plane of planes) {
    frames.push(encoder.encode(plane, index++));
    recons.push(encoder.reconstruction());
  }
  encoder.close();
  return { encoder, frames, recons, stream: toAnnexB(encoder.parameterSets, frames) };
}

/** Runs of one size, one after the other in one stream (each starts with an IDR picture and its SPS/PPS). */
export function joinRuns(runs: Run[]): Run {
  return { ...runs[0], frames: runs.flatMap((r) => r.frames), recons: runs.flatMap((r) => r.recons), stream: Buffer.concat(runs.map((r) => r.stream)) };
}

/** Throws naming the missing tools unless both decoders run. */
export function requireDecoders(): void {
  requireFfmpeg();
  requireOpenH264();
}

/** Both decoders' pictures equal the reconstructions (luma), ffmpeg's chroma is neutral grey, and the macroblocks keep to the level limits. */
export function assertDecodesExactly(run: Run, label: string): void {
  const { width, height } = run.encoder;
  const pictures = decodeH264(run.stream, width, height);
  assert.equal(pictures.length, run.recons.length, `${label}: ffmpeg's decoded frame count`);
  pictures.forEach((picture, i) => {
    assertSamePicture(picture.y, run.recons[i], width, `${label}: frame ${i} decoded by ffmpeg`);
    assert.ok(picture.u.every((v) => v === 128) && picture.v.every((v) => v === 128), `${label}: frame ${i} chroma is not all 128`);
  });
  const lumas = decodeOpenH264(run.stream, width, height);
  assert.equal(lumas.length, run.recons.length, `${label}: OpenH264's decoded frame count`);
  lumas.forEach((luma, i) => assertSamePicture(luma, run.recons[i], width, `${label}: frame ${i} decoded by OpenH264`));
  assertMacroblockLimits(run.stream, label);
}

function assertSamePicture(decoded: Uint8Array, recon: Uint8Array, width: number, label: string): void {
  let differing = 0, first = -1, largest = 0;
  for (let k = 0; k < recon.length; k++) {
    if (decoded[k] === recon[k]) continue;
    differing++;
    if (first < 0) first = k;
    largest = Math.max(largest, Math.abs(decoded[k] - recon[k]));
  }
  if (differing === 0) return;
  assert.fail(`${label}: luma differs from the reconstruction at ${differing} of ${recon.length} samples (first at (${first % width}, ${Math.floor(first / width)}), by up to ${largest})`);
}

/** A smooth seeded pattern with some noise, shifted right by `shift`. */
export function smoothPlane(width: number, height: number, seed: number, shift = 0): Uint8Array {
  const random = seededRandom(seed);
  const [fx, fy] = [random() * 0.3 + 0.05, random() * 0.3 + 0.05];
  return Uint8Array.from({ length: width * height }, (_, i) => {
    const x = (i % width) + shift, y = Math.floor(i / width);
    return Math.round(128 + 90 * Math.sin(x * fx) * Math.cos(y * fy) + 20 * (random() - 0.5));
  });
}

/** Uniform seeded noise: the costliest picture to code. */
export function noisePlane(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: width * height }, () => Math.floor(random() * 256));
}
