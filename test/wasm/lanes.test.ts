// The kernels' f32 -> i32 lane conversion (assembly/lanes.ts: the 1.5 x 2^23 trick) against
// plain arithmetic: round half to even and floor, on edge values and seeded random floats in
// the range it promises (|x| < 2^22), in both builds.
import assert from 'node:assert/strict';
import { WASM_BUILDS } from '../support/builds';
import { seededRandom } from '../support/images';

const LIMIT = 2 ** 22;

/** round(x) with ties to the even neighbour, written out. */
function roundHalfEven(x: number): number {
  const below = Math.floor(x);
  const fraction = x - below;
  if (fraction < 0.5) return below;
  if (fraction > 0.5) return below + 1;
  return below % 2 === 0 ? below : below + 1;
}

/** Edge values: zeros, every tie from -8.5 to 8.5, the floats either side of 0.5, the range's ends. */
function edgeValues(): number[] {
  const values = [0, -0, 1e-30, -1e-30, 0.49999997, -0.49999997, 0.50000006, -0.50000006, 0.99999994, -0.99999994];
  for (let k = -9; k <= 8; k++) values.push(k + 0.5, k + 0.25, k + 0.75, k);
  for (const end of [LIMIT - 1, LIMIT - 1.5, LIMIT - 0.5, LIMIT - 2.5, LIMIT - 0.75, 2 ** 21 + 0.5, 2 ** 21 - 0.5, 2 ** 23 / 3]) values.push(end, -end);
  return values;
}

/** Seeded floats spread over every magnitude below 2^22, half of them negative. */
function randomValues(count: number): number[] {
  const random = seededRandom(2203);
  return Array.from({ length: count }, () => (random() < 0.5 ? -1 : 1) * LIMIT * random() ** (1 + 20 * random()));
}

describe('f32 -> i32 lanes (round and floor by the 1.5 x 2^23 addition)', () => {
  for (const build of WASM_BUILDS) {
    for (const [name, values] of [['edge values', edgeValues()], ['seeded random values', randomValues(4096)]] as const) {
      it(`rounds ties to even and floors as Math does, ${name} (${build.name} build)`, () => {
        const floats = new Float32Array(Math.ceil(values.length / 4) * 4);
        floats.set(values);
        const kernel = build.kernel();
        for (const [mode, expected] of [['round', roundHalfEven], ['floor', Math.floor]] as const) {
          kernel.reset();
          const src = kernel.copyIn(new Uint8Array(floats.buffer));
          const dst = kernel.alloc(floats.byteLength);
          kernel.convertLanes(src, dst, floats.length, mode);
          const got = new Int32Array(kernel.copyOut(dst, floats.byteLength).buffer);
          floats.forEach((x, i) => assert.equal(got[i], expected(x) | 0, `${mode}(${x})`));
        }
      });
    }
  }
});
