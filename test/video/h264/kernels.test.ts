// The encoder's WebAssembly pixel kernels against the plain references of the spec's formulas
// (test/support/h264-reference.ts), on literal and seeded random blocks, release and debug builds.
import assert from 'node:assert/strict';
import { H264Module } from '../../../src/video/h264/module';
import { H264Kernels } from '../../support/h264-kernels';
import * as ref from '../../support/h264-reference';
import { seededRandom } from '../../support/images';

const builds = [
  { name: 'release', kernels: () => new H264Kernels(H264Module.instance()) },
  { name: 'debug', kernels: (() => { let k: H264Kernels | undefined; return () => (k ??= new H264Kernels(H264Module.create('debug'))); })() },
];
const QPS = Array.from({ length: 52 }, (_, qp) => qp);

function randomBytes(length: number, seed: number, max = 255): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length }, () => Math.floor(random() * (max + 1)));
}

/** The 16 4x4 blocks (block by * 4 + bx, raster inside) of a 16x16 raster area. */
function blocksOf(area: ArrayLike<number>): number[][] {
  return Array.from({ length: 16 }, (_, b) =>
    Array.from({ length: 16 }, (_, k) => area[((b >> 2) * 4 + (k >> 2)) * 16 + (b & 3) * 4 + (k & 3)]),
  );
}

/** Inverse of blocksOf. */
function areaOf(blocks: number[][]): number[] {
  const area = new Array<number>(256);
  blocks.forEach((block, b) => block.forEach((v, k) => (area[((b >> 2) * 4 + (k >> 2)) * 16 + (b & 3) * 4 + (k & 3)] = v)));
  return area;
}

/** Coefficients of realistic residuals: the reference transform of random differences. */
function residualCoefficients(seed: number): Int16Array {
  const cur = randomBytes(256, seed), pred = randomBytes(256, seed + 1000);
  const residual = Array.from(cur, (v, i) => v - pred[i]);
  return Int16Array.from(blocksOf(residual).flatMap((block) => ref.forward4x4(block)));
}

for (const build of builds) {
  describe(`H.264 kernels (${build.name} build) against the spec references`, () => {
    it('SAD: literal blocks and seeded random ones', () => {
      const k = build.kernels();
      assert.equal(k.sad(new Uint8Array(256).fill(7), new Uint8Array(256).fill(7)), 0);
      assert.equal(k.sad(new Uint8Array(256).fill(0), new Uint8Array(256).fill(255)), 256 * 255);
      for (let seed = 1; seed <= 20; seed++) {
        const a = randomBytes(256, seed), b = randomBytes(256, seed + 50);
        assert.equal(k.sad(a, b), ref.sad(Array.from(a), Array.from(b)), `seed ${seed}`);
      }
    });

    it('forward transform: a single unit sample gives the outer product of Cf columns', () => {
      const cur = new Uint8Array(256), pred = new Uint8Array(256);
      cur[0] = 1;
      const coef = build.kernels().forwardResidual(cur, pred);
      assert.deepEqual(Array.from(coef.subarray(0, 16)), [1, 2, 1, 1, 2, 4, 2, 2, 1, 2, 1, 1, 1, 2, 1, 1]);
      assert.ok(coef.subarray(16).every((v) => v === 0));
    });

    it('forward transform: seeded random residuals, every block', () => {
      const k = build.kernels();
      for (let seed = 1; seed <= 20; seed++) {
        const cur = randomBytes(256, seed), pred = randomBytes(256, seed + 7);
        const expected = blocksOf(Array.from(cur, (v, i) => v - pred[i])).flatMap((block) => ref.forward4x4(block));
        assert.deepEqual(Array.from(k.forwardResidual(cur, pred)), expected, `seed ${seed}`);
      }
    });

    it('quantisation: every QP, intra and inter rounding, realistic coefficients', () => {
      const k = build.kernels();
      for (const qp of QPS) {
        for (const intra of [true, false]) {
          const coef = residualCoefficients(qp * 2 + Number(intra));
          const expected = chunk(coef).flatMap((block) => ref.quantize4x4(block, qp, intra));
          assert.deepEqual(Array.from(k.quantize(coef, qp, intra)), expected, `QP ${qp} intra ${intra}`);
        }
      }
    });

    it('an inter residual within the zero-SAD bound quantises to nothing at every QP (one sample carrying it all, at every position and sign, and random spreads)', () => {
      const k = build.kernels();
      const random = seededRandom(77);
      for (const qp of QPS) {
        const bound = k.zeroInterResidualSad(qp);
        assert.ok(bound >= 0, `QP ${qp}`);
        const residuals: number[][] = [];
        const largest = Math.min(bound, 255);
        for (let at = 0; at < 16; at++) for (const sign of [1, -1]) residuals.push(Array.from({ length: 16 }, (_, i) => (i === at ? sign * largest : 0)));
        for (let n = 0; n < 20; n++) {
          // Spread `bound` over the block in random signed parts of at most 255.
          const block = new Array<number>(16).fill(0);
          for (let left = Math.min(bound, 16 * 255); left > 0; ) {
            const i = Math.floor(random() * 16), step = Math.min(left, 255 - Math.abs(block[i]), 1 + Math.floor(random() * 40));
            if (step <= 0) continue;
            block[i] += (block[i] < 0 || (block[i] === 0 && random() < 0.5) ? -1 : 1) * step;
            left -= step;
          }
          residuals.push(block);
        }
        const coef = Int16Array.from(residuals.flatMap((block) => ref.forward4x4(block)));
        assert.ok(k.quantize(coef, qp, false).every((level) => level === 0), `QP ${qp}: a residual of SAD ${bound} has a level`);
        // The bound is not loose by more than its own rounding: one sample a quarter above it leaves a level at the worst position.
        if (bound < 200) {
          const over = Math.ceil(bound * 1.25) + 1;
          const worst = Array.from({ length: 16 }, (_, i) => (i === 5 ? over : 0));
          assert.ok(k.quantize(Int16Array.from(ref.forward4x4(worst)), qp, false).some((level) => level !== 0), `QP ${qp}: bound ${bound} is loose`);
        }
      }
    });

    it('dequantisation: every QP, clause 8.5.12.1 on the levels a real residual gives', () => {
      const k = build.kernels();
      for (const qp of QPS) {
        const levels = Int16Array.from(chunk(residualCoefficients(qp + 100)).flatMap((block) => ref.quantize4x4(block, qp, true)));
        const expected = chunk(levels).flatMap((block) => ref.dequantize4x4(block, qp));
        assert.deepEqual(Array.from(k.dequantize(levels, qp)), expected, `QP ${qp}`);
      }
    });

    it('inverse transform: a DC of 64 adds 1 to every sample, clipped at 255', () => {
      const coef = new Int16Array(256);
      coef[0] = 64;
      const pred = new Uint8Array(256).fill(255);
      pred[0] = 9;
      const out = build.kernels().inverseResidualAdd(coef, pred);
      assert.deepEqual(Array.from(out.subarray(0, 4)), [10, 255, 255, 255]);
      assert.deepEqual(Array.from(out.subarray(16, 20)), [255, 255, 255, 255]);
    });

    it('inverse transform: clause 8.5.12.2 plus Clip1 on dequantised real residuals and random predictions', () => {
      const k = build.kernels();
      for (const qp of [0, 5, 12, 20, 24, 28, 33, 40, 51]) {
        const levels = chunk(residualCoefficients(qp + 300)).flatMap((block) => ref.quantize4x4(block, qp, false));
        const coef = Int16Array.from(chunk(Int16Array.from(levels)).flatMap((block) => ref.dequantize4x4(block, qp)));
        const pred = randomBytes(256, qp + 400);
        const residual = areaOf(chunk(coef).map((block) => ref.inverse4x4(block)));
        const expected = residual.map((r, i) => ref.clip1(pred[i] + r));
        assert.deepEqual(Array.from(k.inverseResidualAdd(coef, pred)), expected, `QP ${qp}`);
      }
    });

    it('luma DC: forward Hadamard + quantisation and the decoder scaling of clause 8.5.10, every QP', () => {
      const k = build.kernels();
      for (const qp of QPS) {
        const coef = residualCoefficients(qp + 500);
        const dc = chunk(coef).map((block) => block[0]);
        const levels = k.forwardLumaDc(coef, qp);
        assert.deepEqual(Array.from(levels), ref.forwardLumaDc(dc, qp), `forward, QP ${qp}`);
        assert.deepEqual(Array.from(k.inverseLumaDc(levels, qp)), ref.inverseLumaDc(Array.from(levels), qp), `inverse, QP ${qp}`);
      }
    });

    it('Intra_16x16 prediction: all four modes and every neighbour availability, clause 8.3.3', () => {
      const k = build.kernels();
      for (let seed = 1; seed <= 12; seed++) {
        const area = randomBytes(17 * 17, seed);
        const p = (x: number, y: number) => area[(y + 1) * 17 + x + 1];
        for (const [hasLeft, hasTop] of [[true, true], [true, false], [false, true], [false, false]]) {
          const modes = [2, ...(hasTop ? [0] : []), ...(hasLeft ? [1] : []), ...(hasLeft && hasTop ? [3] : [])];
          for (const mode of modes) {
            const expected = ref.predictIntra16(mode, p, hasLeft, hasTop);
            assert.deepEqual(Array.from(k.predictIntra16(mode, area, hasLeft, hasTop)), expected, `seed ${seed} mode ${mode} left ${hasLeft} top ${hasTop}`);
          }
        }
      }
    });

    it('Intra_4x4 prediction: all nine modes, every neighbour availability, with and without the top-right block, clause 8.3.1.2', () => {
      const k = build.kernels();
      for (let seed = 1; seed <= 12; seed++) {
        const area = randomBytes(17 * 17, seed + 40);
        const p = (x: number, y: number) => area[(y + 1) * 17 + x + 1];
        for (const [hasLeft, hasTop] of [[true, true], [true, false], [false, true], [false, false]]) {
          for (const hasTopRight of hasTop ? [true, false] : [false]) {
            const modes = [2, ...(hasTop ? [0, 3, 7] : []), ...(hasLeft ? [1, 8] : []), ...(hasLeft && hasTop ? [4, 5, 6] : [])];
            for (const mode of modes) {
              const expected = ref.predictIntra4(mode, p, hasLeft, hasTop, hasTopRight);
              assert.deepEqual(Array.from(k.predictIntra4(mode, area, hasLeft, hasTop, hasTopRight)), expected, `seed ${seed} mode ${mode} left ${hasLeft} top ${hasTop} top-right ${hasTopRight}`);
            }
          }
        }
      }
    });

    it('Intra_16x16 plane prediction on a literal ramp reproduces the ramp', () => {
      const area = new Uint8Array(17 * 17);
      for (let y = -1; y < 16; y++) for (let x = -1; x < 16; x++) area[(y + 1) * 17 + x + 1] = 40 + 4 * x + 2 * y + 10;
      const out = build.kernels().predictIntra16(3, area, true, true);
      assert.deepEqual(Array.from(out.subarray(0, 4)), [50, 54, 58, 62]);
      assert.equal(out[15 * 16 + 15], 50 + 60 + 30);
    });
  });
}

function chunk(values: Int16Array): number[][] {
  return Array.from({ length: values.length / 16 }, (_, b) => Array.from(values.subarray(b * 16, b * 16 + 16)));
}
