// A WebAssembly trap is caught, reported as a typed error, and the instance is discarded
// and re-created; a trapped instance is never reused.
import assert from 'node:assert/strict';
import { KernelTrapError } from '../../src/core/errors';
import { Kernel } from '../../src/wasm/instance';
import { processFrame, type FrameOptions } from '../../src/core/pipeline';
import { makeJpeg } from '../support/jpegs';

const SOURCE = 'bucket/cam-3/frame-000042.jpg';
const raw: FrameOptions = { blurModifier: 8, quality: 75, format: 'raw', source: SOURCE };

/** Calls sobel on the shared instance with a source pointer past the end of its memory. */
function trapOutOfBounds(kernel: Kernel): void {
  kernel.reset();
  const dst = kernel.alloc(16 * 16);
  kernel.sobel(kernel.memoryBytes + 4096, dst, 16, 16);
}

const isTrap = (error: Error) => error instanceof KernelTrapError && /the WebAssembly kernel trapped \(memory access out of bounds\)/.test(error.message);

describe('WebAssembly traps', () => {
  it('turn into a KernelTrapError, and Kernel.instance() then returns a new instance', () => {
    const trapped = Kernel.instance();
    assert.throws(() => trapOutOfBounds(trapped), isTrap);
    const next = Kernel.instance();
    assert.notEqual(next, trapped);
    assert.equal(Kernel.instance(), next, 'the new instance is kept until it traps in turn');
  });

  it('inside processFrame become a KernelTrapError naming the source; the next frame is correct', () => {
    const jpeg = makeJpeg(40, 24, 6);
    const expected = processFrame(jpeg, raw).bytes;
    const before = Kernel.instance();
    const sobel = Kernel.prototype.sobel;
    Kernel.prototype.sobel = function (this: Kernel, _src: number, dst: number, width: number, height: number) {
      sobel.call(this, this.memoryBytes + 4096, dst, width, height);
    };
    try {
      assert.throws(() => processFrame(jpeg, raw), (e: Error) => isTrap(e) && e.message.startsWith(`${SOURCE}: `) && !e.message.includes('\n'));
    } finally {
      Kernel.prototype.sobel = sobel;
    }
    assert.notEqual(Kernel.instance(), before);
    assert.deepEqual(processFrame(jpeg, raw).bytes, expected);
  });

  it('refuse any further call on a trapped instance, even through an old reference', () => {
    const trapped = Kernel.instance();
    assert.throws(() => trapOutOfBounds(trapped), isTrap);
    trapped.reset();
    const plane = trapped.alloc(16 * 16);
    const edges = trapped.alloc(14 * 14);
    assert.throws(() => trapped.sobel(plane, edges, 16, 16), (e: Error) => e instanceof KernelTrapError);
  });
});
