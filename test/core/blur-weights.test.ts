// The blur's radius and weights against tables worked out independently of src/core/blur-weights.ts.
// The WebAssembly kernel and the TypeScript reference share that module, so the byte-for-byte
// tests between them cannot catch a mistake in it; these tables can. They come from docs/pipeline.md's
// definition alone: r = ceil(2 sigma - 0.5); w(d) = exp(-d^2 / (2 sigma^2)) for d in -r..r,
// normalised, times 16384, rounded half up; the centre weight is 16384 minus the others.
// Computed in 60-digit decimal arithmetic (no entry lies within 1e-6 of a rounding tie), and
// checkable by hand, e.g. sigma 1: exp(-1/2) = 0.606531, exp(-2) = 0.135335, total 2.483733;
// 16384 x 0.135335 / 2.483733 = 892.7 -> 893; 16384 x 0.606531 / 2.483733 = 4001.0 -> 4001;
// centre 16384 - 2 x (893 + 4001) = 6596.
import assert from 'node:assert/strict';
import { blurRadius, gaussianWeights } from '../../src/core/blur-weights';
import { WASM_BUILDS } from '../support/builds';
import { kernelBlur } from '../support/kernel-run';

interface BlurTable {
  sigma: number;
  /** Where the pipeline meets this sigma, if it is a common frame size's. */
  seen?: string;
  radius: number;
  weights: number[];
}

const TABLES: BlurTable[] = [
  { sigma: 0.5, radius: 1, weights: [1745, 12894, 1745] },
  { sigma: 1, radius: 2, weights: [893, 4001, 6596, 4001, 893] },
  { sigma: 2.03, seen: '1280x720 at modifier 8', radius: 4, weights: [474, 1108, 2033, 2925, 3304, 2925, 2033, 1108, 474] },
  {
    sigma: 4.57,
    seen: '1920x1080 at modifier 8',
    radius: 9,
    weights: [214, 321, 460, 627, 817, 1013, 1198, 1350, 1450, 1484, 1450, 1350, 1198, 1013, 817, 627, 460, 321, 214],
  },
  {
    sigma: 18.28,
    seen: '3840x2160 at modifier 8',
    radius: 37,
    weights: [
      48, 54, 60, 66, 73, 80, 88, 97, 106, 115, 125, 135, 146, 157, 169, 181, 193, 205, 217, 229, 242, 254, 266, 278, 289,
      300, 311, 321, 330, 339, 346, 353, 359, 364, 368, 370, 372, 372, 372, 370, 368, 364, 359, 353, 346, 339, 330, 321, 311,
      300, 289, 278, 266, 254, 242, 229, 217, 205, 193, 181, 169, 157, 146, 135, 125, 115, 106, 97, 88, 80, 73, 66, 60, 54, 48,
    ],
  },
];

/** Far more than any radius here: the cap is not what is tested. */
const NO_CAP = 10_000;

describe('blur radius and weights, against hand-computed tables', () => {
  it('the tables themselves are well formed: 2r + 1 weights, symmetric, summing to 16384', () => {
    for (const { sigma, radius, weights } of TABLES) {
      assert.equal(weights.length, 2 * radius + 1, `sigma ${sigma}`);
      assert.deepEqual(weights, [...weights].reverse(), `sigma ${sigma}`);
      assert.equal(weights.reduce((a, b) => a + b, 0), 16384, `sigma ${sigma}`);
    }
  });

  for (const { sigma, seen, radius, weights } of TABLES) {
    it(`sigma ${sigma}${seen ? ` (${seen})` : ''}: radius ${radius}, centre weight ${weights[radius]}, tail ${weights[0]}`, () => {
      assert.equal(blurRadius(sigma, NO_CAP), radius);
      assert.deepEqual(Array.from(gaussianWeights(sigma, radius)), weights);
    });
  }

  // A full-width line of 255 blurred: each row's value is 255 x w(d) / 16384 for its distance d
  // from the line (the horizontal pass keeps a constant row constant), and exactly 0 past the
  // radius. So this checks the radius and the weights the kernel is really given, within rounding.
  for (const build of WASM_BUILDS) {
    it(`the ${build.name} kernel blurs a line into the table's profile, zero past the radius`, () => {
      for (const { sigma, radius, weights } of TABLES) {
        const [width, height] = [8, 4 * radius + 3];
        const line = 2 * radius + 1;
        const data = new Uint8Array(width * height);
        data.fill(255, line * width, (line + 1) * width);

        const blurred = kernelBlur(build.kernel(), { width, height, data }, sigma).data;

        const profile = Array.from({ length: height }, (_, y) => blurred[y * width]);
        const expected = profile.map((_, y) => (Math.abs(y - line) > radius ? 0 : (255 * weights[y - line + radius]) / 16384));
        profile.forEach((value, y) => {
          const row = blurred.subarray(y * width, (y + 1) * width);
          assert.ok(row.every((v) => v === value), `sigma ${sigma}: row ${y} is not constant: ${row.join(' ')}`);
          assert.ok(Math.abs(value - expected[y]) < 1, `sigma ${sigma}: row ${y - line} from the line is ${value}, the table says ${expected[y].toFixed(2)}`);
        });
      }
    });
  }
});
