// The two builds of the WebAssembly module that kernel and codec tests run on: release (what
// ships) and debug (assertions on, so an index out of range traps instead of reading garbage).
import type { WasmBuild } from '../../src/wasm/module-loader';
import { Kernel } from '../../src/wasm/instance';

export interface BuildUnderTest {
  name: WasmBuild;
  /** The build's instance: the process-wide one for release, one private instance for debug. */
  kernel: () => Kernel;
}

let debugKernel: Kernel | undefined;

export const WASM_BUILDS: BuildUnderTest[] = [
  { name: 'release', kernel: () => Kernel.instance() },
  { name: 'debug', kernel: () => (debugKernel ??= Kernel.create('debug')) },
];
