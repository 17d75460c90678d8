// fflate's deflate, in a module of its own so that png.ts can load it at the first PNG: fflate
// builds its tables when it is loaded (about 12 ms), which every JPEG cold start would pay. It is
// imported (not required) here so that the bundler keeps only the deflate code of fflate.
import { zlibSync } from 'fflate';

/** zlib-wrapped deflate of `data` at fflate's `level` (0-9). */
export function zlibDeflate(data: Uint8Array, level: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9): Uint8Array {
  return zlibSync(data, { level });
}
