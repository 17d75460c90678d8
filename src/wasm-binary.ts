// The one place that finds the WebAssembly module's bytes. The release build is embedded at build
// time (scripts/embed-wasm.mjs), so the same code runs from the source tree and from the Lambda bundle.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { releaseWasmBase64 } from './generated/release-wasm';

export type WasmBuild = 'release' | 'debug';

let releaseModule: WebAssembly.Module | undefined;

/** The compiled module for a build; release is compiled once per process and cached. */
export function wasmModule(build: WasmBuild = 'release'): WebAssembly.Module {
  if (build === 'debug') return new WebAssembly.Module(readFileSync(join(__dirname, '..', 'build', 'debug.wasm')));
  releaseModule ??= new WebAssembly.Module(Buffer.from(releaseWasmBase64, 'base64'));
  return releaseModule;
}
