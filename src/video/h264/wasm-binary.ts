// The one place that finds the H.264 module's bytes: the release build is embedded at build time
// (scripts/embed-h264-wasm.mjs); the debug build (assertions on) is read from build/ for tests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { h264WasmBase64 } from './generated/h264-wasm';

export type H264WasmBuild = 'release' | 'debug';

let releaseModule: WebAssembly.Module | undefined;

/** The compiled module of a build; release is compiled once per process and cached. */
export function h264WasmModule(build: H264WasmBuild = 'release'): WebAssembly.Module {
  // Optimise the whole module when it is instantiated rather than tiering up lazily, so the first
  // frames of a cold invocation already run at full speed (only affects WebAssembly).
  setFlagsFromString('--no-liftoff');
  setFlagsFromString('--no-wasm-lazy-compilation');
  if (build === 'debug') return new WebAssembly.Module(readFileSync(join(__dirname, '..', '..', '..', 'build', 'h264-debug.wasm')));
  releaseModule ??= new WebAssembly.Module(Buffer.from(h264WasmBase64, 'base64'));
  return releaseModule;
}
