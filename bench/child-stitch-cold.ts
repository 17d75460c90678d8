// Run in a fresh process by bench/stitch.ts: what a stitch invocation pays before its first frame
// on a new instance: node's start, loading the stitch's modules (the static imports below),
// compiling and instantiating the JPEG decoder's and the H.264 encoder's WebAssembly modules, and
// making a 1080p encoder. Prints one JSON line (milliseconds since the process started).
import { performance } from 'node:perf_hooks';
import { createH264Encoder } from '../src/video/h264';
import { StitchService } from '../src/video/stitch/service';
import { Kernel } from '../src/wasm/instance';

const modulesLoadedMs = performance.now();
Kernel.instance();
createH264Encoder({ width: 1918, height: 1078 }).close();
const processToReadyMs = performance.now();
process.stdout.write(`${JSON.stringify({ modulesLoadedMs, processToReadyMs, service: typeof StitchService })}\n`);
