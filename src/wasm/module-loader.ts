// The one place that finds the WebAssembly module's bytes. The release build is embedded at build
// time (scripts/embed-wasm.mjs), so the same code runs from the source tree and from the Lambda bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { releaseWasmBase64 } from './generated/release-wasm';

export type WasmBuild = 'release' | 'debug';

let releaseModule: WebAssembly.Module | undefined;

/** The compiled module for a build; release is compiled once per process and cached. */
export function wasmModule(build: WasmBuild = 'release'): WebAssembly.Module {
  compileOptimisedUpFront();
  if (build === 'debug') return new WebAssembly.Module(readFileSync(join(__dirname, '..', '..', 'build', 'debug.wasm')));
  releaseModule ??= new WebAssembly.Module(Buffer.from(releaseWasmBase64, 'base64'));
  return releaseModule;
}

/**
 * By default V8 compiles WebAssembly lazily with its baseline compiler (Liftoff) and re-optimises
 * hot functions later, so the first frame of a cold Lambda ran about 3x slower than a warm one.
 * Compiling the whole (small) module with the optimising compiler at instantiation costs ~15 ms
 * once and makes the first frame run at nearly warm speed. These flags only affect WebAssembly.
 */
function compileOptimisedUpFront(): void {
  setFlagsFromString('--no-liftoff');
  setFlagsFromString('--no-wasm-lazy-compilation');
}
