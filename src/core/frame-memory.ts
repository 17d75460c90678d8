// The limits a Lambda function's memory size allows: the largest frame (MAX_PIXELS) and the memory
// budget of the jpeg-js fallback, so that no frame, nor a warm container that has decoded both
// kinds, goes past the function's memory. A container keeps what its frames leave behind: the
// WebAssembly instance's linear memory is reused but never returned, and V8 keeps its grown heap
// after a jpeg-js frame. So the two budgets are shares of one: the WebAssembly path's largest
// frame, and what it leaves for jpeg-js (whose model counts the whole process).
import { jpegJsPeakBytes } from '../jpeg/jpeg-js-memory';

const MiB = 2 ** 20;

/**
 * Peak memory of the WebAssembly path, over the process's own: the input, the grey plane, the
 * blur's scratch, the edges and the JPEG output, all in linear memory. `npm run bench -- --limits`
 * (VmHWM in a fresh process): 4.1 bytes per pixel for an 8K baseline frame over a 54 MB process.
 * Modelled as 5 bytes per pixel plus the input, over a 100 MiB process (node, the AWS SDK,
 * Powertools and the module; the jpeg-js model's base too).
 */
export const WASM_MEMORY_MODEL = { baseBytes: 100 * MiB, bytesPerPixel: 5 };

/** Share of the function's memory kept free: the runtime, V8's heap growth, GC timing. */
export const MEMORY_HEADROOM = 0.15;

/** Largest MAX_PIXELS when the memory is unknown (outside Lambda): wasm32's 4 GiB at ~8 bytes per pixel at the peak of a frame. */
export const MAX_PIXELS_CEILING = 250_000_000;

/** Bytes a frame may use in a function of `memoryMB`, headroom kept. */
export function memoryBudgetBytes(memoryMB: number): number {
  return Math.floor(memoryMB * MiB * (1 - MEMORY_HEADROOM));
}

/** Peak memory of a baseline frame decoded by the WebAssembly path, over the process's own. */
export function wasmFrameBytes(pixels: number, inputBytes: number): number {
  return inputBytes + WASM_MEMORY_MODEL.bytesPerPixel * pixels;
}

/** The largest MAX_PIXELS a function of `memoryMB` holds with inputs up to `maxInputBytes` (0 if none). */
export function pixelCeiling(memoryMB: number, maxInputBytes: number): number {
  const room = memoryBudgetBytes(memoryMB) - WASM_MEMORY_MODEL.baseBytes - maxInputBytes;
  return Math.min(MAX_PIXELS_CEILING, Math.max(0, Math.floor(room / WASM_MEMORY_MODEL.bytesPerPixel)));
}

/** MAX_PIXELS when not set: `fallback` (8K fits), or half the ceiling if less, so jpeg-js keeps the other half. */
export function defaultMaxPixels(memoryMB: number, maxInputBytes: number, fallback: number): number {
  return Math.min(fallback, Math.floor(pixelCeiling(memoryMB, maxInputBytes) / 2));
}

/** The jpeg-js fallback's budget (a whole-process peak, as its model counts): what the WebAssembly path's largest frame leaves. */
export function jpegJsBudgetBytes(memoryMB: number, maxPixels: number, maxInputBytes: number): number {
  return memoryBudgetBytes(memoryMB) - wasmFrameBytes(maxPixels, maxInputBytes);
}

/** The largest 16:9 frame of `sampling` (4:2:0 or 4:4:4 progressive) jpeg-js may decode within `budgetBytes`, in pixels. */
export function largestJpegJsPixels(budgetBytes: number, sampling: '4:2:0' | '4:4:4'): number {
  const factors: Array<[number, number]> = sampling === '4:2:0' ? [[2, 2], [1, 1], [1, 1]] : [[1, 1], [1, 1], [1, 1]];
  const fits = (width: number) => jpegJsPeakBytes({ width, height: Math.round((width * 9) / 16), sampling: factors }) <= budgetBytes;
  let [low, high] = [0, 65535];
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(mid)) low = mid;
    else high = mid - 1;
  }
  return low * Math.round((low * 9) / 16);
}
