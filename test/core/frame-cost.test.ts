// The blur's cost has a ceiling: a largest blur modifier per blur method, checked once where
// settings are read, and a bound on each frame's blur work (pixels x taps, on the plane the blur
// runs on), checked from the header before decoding.
import assert from 'node:assert/strict';
import { DeadlineError, LimitExceededError } from '../../src/core/errors';
import { blurTaps, blurWork as blurOf, checkBlurWork, CPU_COST_NS, cpuShareFor, estimateComputeMs, MAX_BLUR_WORK } from '../../src/core/frame-cost';
import { FrameInput } from '../../src/core/frame-input';
import { processFrame } from '../../src/core/pipeline';
import { BLUR_MODIFIER_RULES, describeRule, FRAME_DEFAULTS, parseNumber } from '../../src/core/settings';
import { Kernel } from '../../src/wasm/instance';
import { readJpegHeader } from '../../src/jpeg/header';
import { flatBaselineJpeg, flatProgressiveJpeg } from '../support/jpeg-writer';

const UHD_8K = { width: 7680, height: 4320 };

function blurWork({ width, height }: { width: number; height: number }, modifier: number): number {
  return width * height * blurTaps(width, height, modifier);
}

/** Taps at which the fast path's blur costs as much as the rest of its frame: 16 pixels per reduced pixel at 1/4. */
const FAST_TAPS_BOUND = (16 * CPU_COST_NS.wasmPerPixel) / CPU_COST_NS.blurPerPixelTap;

describe('frame cost: the blur', () => {
  it('counts taps as the kernel blurs: 2 x radius + 1, none without blur', () => {
    assert.equal(blurTaps(1920, 1080, 8), 19); // sigma 4.57, radius 9
    assert.equal(blurTaps(7680, 4320, 8), 293); // sigma 73.1, radius 146
    assert.equal(blurTaps(7680, 4320, 12), 439); // sigma 109.7, radius 219
    assert.equal(blurTaps(7680, 4320, 0), 0);
    assert.equal(blurTaps(16, 16, 1e6), 31, 'the radius is capped at max(w, h) - 1');
  });

  it('counts the fast path\'s blur on its coarser grid, with the taps its fitted kernel can reach', () => {
    assert.deepEqual(blurOf(1920, 1080, 8, 'fast'), { pixels: 960 * 540, taps: 13, k: 2 }); // r = 9: ceil(9 / 2) + 1 each way
    assert.deepEqual(blurOf(3840, 2160, 8, 'fast'), { pixels: 960 * 540, taps: 23, k: 4 }); // r = 37: ceil(37 / 4) + 1
    assert.deepEqual(blurOf(1280, 720, 8, 'fast'), { pixels: 1280 * 720, taps: 9, k: 1 }, '720p stays exact');
    assert.deepEqual(blurOf(1920, 1080, 8, 'exact'), { pixels: 1920 * 1080, taps: 19, k: 1 });
  });

  it('has a largest blur modifier, at which every frame up to 8K UHD is within the per-frame bound', () => {
    const max = BLUR_MODIFIER_RULES.exact.max!;

    assert.equal(max, 12);
    for (let modifier = 0; modifier <= max; modifier += 0.25) assert.ok(blurWork(UHD_8K, modifier) <= MAX_BLUR_WORK, `modifier ${modifier}`);
    assert.ok(blurWork(UHD_8K, max + 0.5) > MAX_BLUR_WORK, 'the largest modifier is not needlessly small');
    assert.ok(blurWork({ width: 8000, height: 5000 }, FRAME_DEFAULTS.blurModifier) <= MAX_BLUR_WORK, '40 MP at the default modifier');
  });

  it('has a larger largest modifier in fast mode: an 8K frame\'s blur on its grid costs at most the rest of the frame', () => {
    const max = BLUR_MODIFIER_RULES.fast.max!;

    assert.equal(max, 46);
    for (let modifier = 0; modifier <= max; modifier += 0.25) {
      const { pixels, taps } = blurOf(UHD_8K.width, UHD_8K.height, modifier, 'fast');
      assert.ok(taps <= FAST_TAPS_BOUND, `modifier ${modifier}: ${taps} taps`);
      assert.ok(pixels * taps <= MAX_BLUR_WORK / 10, `modifier ${modifier}`);
    }
    assert.ok(blurOf(UHD_8K.width, UHD_8K.height, max + 1, 'fast').taps > FAST_TAPS_BOUND, 'the largest modifier is not needlessly small');
    assert.doesNotThrow(() => checkBlurWork(8000, 5000, 46, MAX_BLUR_WORK, 'fast'), '40 MP at the largest fast modifier');
  });

  it('refuses a modifier over the largest where settings are read, and says the range', () => {
    const { exact, fast } = BLUR_MODIFIER_RULES;
    assert.equal(parseNumber('12', exact), 12);
    for (const text of ['12.01', '13', '1000']) assert.equal(parseNumber(text, exact), undefined, text);
    assert.equal(describeRule(exact), 'a finite number >= 0 and <= 12');
    assert.equal(parseNumber('46', fast), 46);
    for (const text of ['46.01', '47', '1000']) assert.equal(parseNumber(text, fast), undefined, text);
    assert.equal(describeRule(fast), 'a finite number >= 0 and <= 46');
  });

  it('refuses a frame over the bound from its header, naming it and the reason, before decoding', () => {
    const kernel = Kernel.create('release');
    const jpeg = flatBaselineJpeg({ width: 8000, height: 5000 }); // 40 MP: 529 taps at modifier 12

    assert.throws(
      () => processFrame(FrameInput.from(jpeg, kernel), { blurModifier: 12, blurMethod: 'exact', quality: 75, format: 'raw', source: 'huge/frame.jpg' }),
      (error: unknown) => {
        assert.ok(error instanceof LimitExceededError);
        assert.equal(error.source, 'huge/frame.jpg');
        assert.match(error.reason, /^a 8000x5000 frame at blur modifier 12 needs a 529-tap blur \(2\.12e\+10 pixel-taps\), over the limit of 1\.50e\+10/);
        return true;
      },
    );
    assert.ok(kernel.memoryBytes < 8000 * 5000, `no pixel memory was allocated (${kernel.memoryBytes} bytes)`);
    // The same frame in fast mode: a 135-tap blur on 2000x1250 is 3.4e8 pixel-taps.
    assert.doesNotThrow(() => checkBlurWork(8000, 5000, 12, MAX_BLUR_WORK, 'fast'));
  });

  it('processes a frame within the bound whatever its modifier, the radius capped at the frame', () => {
    const jpeg = flatBaselineJpeg({ width: 64, height: 48 });

    const result = processFrame(jpeg, { blurModifier: 12, quality: 75, format: 'raw' });

    assert.deepEqual([result.width, result.height], [62, 46]);
  });
});

describe('frame cost: the compute time estimate', () => {
  it('scales with pixels, blur taps and jpeg-js block visits, and with the share of a CPU', () => {
    const frame8k = { ...UHD_8K, blurTaps: 293, jpegJsBlockVisits: 0 };

    // 3 x (33.2 MP x 8 ns + 33.2 MP x 293 taps x 0.3 ns), one whole vCPU
    assert.equal(Math.round(estimateComputeMs(frame8k, 1)), 9545);
    assert.equal(cpuShareFor(1769), 1);
    assert.equal(cpuShareFor(10240), 1);
    assert.equal(Math.round(estimateComputeMs(frame8k, cpuShareFor(1024))), Math.round((9545.19552 * 1769) / 1024));
    assert.ok(estimateComputeMs({ ...frame8k, jpegJsBlockVisits: 2_000_000 }, 1) > estimateComputeMs(frame8k, 1) + 6000);
  });

  it('refuses a frame over its time budget before decoding, naming it (DeadlineError)', () => {
    const kernel = Kernel.create('release');
    const jpeg = flatBaselineJpeg({ width: 1920, height: 1080 });
    const options = { blurModifier: 8, blurMethod: 'exact' as const, quality: 75, format: 'raw' as const, source: 'late/frame.jpg' };

    assert.throws(
      () => processFrame(FrameInput.from(jpeg, kernel), { ...options, computeBudget: { ms: 80, cpuShare: 1 } }),
      (error: unknown) => error instanceof DeadlineError && error.source === 'late/frame.jpg' && /^not started: a 1920x1080 frame \(WebAssembly decoder, 19-tap blur\) is estimated at 0\.1 s/.test(error.reason),
    );
    assert.ok(kernel.memoryBytes < 1920 * 1080, 'no pixel memory was allocated');
    assert.equal(processFrame(jpeg, { ...options, computeBudget: { ms: 200, cpuShare: 1 } }).width, 1918);
  });

  it('estimates the fast path\'s blur on its coarser grid: a budget the exact path misses, the fast path meets', () => {
    // 3 x (2.07 MP x 8 ns + 518 400 x 13 taps x 0.3 ns) = 55.8 ms; exact: 3 x (2.07 MP x 8 + 2.07 MP x 19 x 0.3) = 85.3 ms
    const fast = { width: 1920, height: 1080, blurTaps: 13, blurReduction: 2, jpegJsBlockVisits: 0 };
    assert.equal(Math.round(estimateComputeMs(fast, 1)), 56);
    assert.equal(Math.round(estimateComputeMs({ ...fast, blurTaps: 19, blurReduction: 1 }, 1)), 85);
    const jpeg = flatBaselineJpeg({ width: 1920, height: 1080 });
    const options = { blurModifier: 8, quality: 75, format: 'raw' as const, source: 'late/frame.jpg' };
    assert.equal(processFrame(jpeg, { ...options, computeBudget: { ms: 80, cpuShare: 1 } }).width, 1918);
    assert.throws(
      () => processFrame(jpeg, { ...options, computeBudget: { ms: 50, cpuShare: 1 } }),
      (error: unknown) => error instanceof DeadlineError && /\(WebAssembly decoder, 13-tap blur on the grid 2 times coarser\) is estimated at 0\.1 s/.test(error.reason),
    );
  });

  it('charges a frame jpeg-js decodes for its block visits', () => {
    const jpeg = flatProgressiveJpeg({ width: 640, height: 480, components: 3 });
    const { blockVisits } = readJpegHeader(jpeg);
    const asWasm = estimateComputeMs({ width: 640, height: 480, blurTaps: blurTaps(640, 480, 8), jpegJsBlockVisits: 0 }, 1);

    assert.throws(
      () => processFrame(jpeg, { blurModifier: 8, quality: 75, format: 'raw', computeBudget: { ms: asWasm * 2, cpuShare: 1 } }),
      (error: unknown) => error instanceof DeadlineError && error.reason.includes(`(jpeg-js, ${blockVisits} block visits, 3-tap blur)`),
    );
  });
});
