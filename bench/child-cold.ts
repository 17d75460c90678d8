// Run in a fresh process by cold-start.ts: loads the pipeline, compiles and instantiates the
// WebAssembly module, then processes one frame (argv[2]) twice with the blur method argv[3];
// prints one JSON line.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { BlurMethod } from '../src/core/reduction';
import { BLUR_MODIFIER, QUALITY } from './settings';

async function main(framePath: string, blurMethod: BlurMethod): Promise<void> {
  const bytes = readFileSync(framePath);
  const t0 = performance.now();
  const { processFrame } = await import('../src/core/pipeline');
  const { Kernel } = await import('../src/wasm/instance');
  const { wasmModule } = await import('../src/wasm/module-loader');
  const t1 = performance.now();
  wasmModule('release');
  const t2 = performance.now();
  Kernel.instance();
  const t3 = performance.now();
  const frame = () => {
    const started = performance.now();
    const { timings } = processFrame(bytes, { blurModifier: BLUR_MODIFIER, blurMethod, quality: QUALITY, format: 'jpeg' });
    return { totalMs: performance.now() - started, ...timings };
  };
  const first = frame();
  const second = frame();
  const result = {
    loadModulesMs: t1 - t0,
    compileMs: t2 - t1,
    instantiateMs: t3 - t2,
    /** From the process's time origin to a ready kernel: node start-up, module loading, compile, instantiate. */
    processToReadyMs: t3,
    first,
    second,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv[2], process.argv[3] as BlurMethod).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
