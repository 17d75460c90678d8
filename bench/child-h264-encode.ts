// Run in a fresh process by h264-ours.ts: times whole-sequence encodes of the planes in a file
// (argv: path, width, height, frames, qp, runs), one warm-up first, and prints the medians as one
// JSON line. A process of its own, as libx264 has: its CPU time holds the encoder and nothing of
// the bench's own work or garbage (which V8 collects on helper threads of the same process).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { WasmH264Encoder } from '../src/video/h264/encoder';
import { H264Module } from '../src/video/h264/module';
import { median } from './stats';

function main([path, ...numbers]: string[]): void {
  const [width, height, frames, qp, runs] = numbers.map(Number);
  const bytes = readFileSync(path), size = width * height;
  const planes = Array.from({ length: frames }, (_, i) => bytes.subarray(i * size, (i + 1) * size));
  timeSequence(planes, width, height, qp);
  const samples = Array.from({ length: runs }, () => timeSequence(planes, width, height, qp));
  process.stdout.write(`${JSON.stringify({
    cpuMs: median(samples.map((r) => r.cpuMs)),
    wallMs: median(samples.map((r) => r.wallMs)),
    idrCpuMs: median(samples.map((r) => r.frameCpuMs[0])),
    pCpuMs: frames > 1 ? median(samples.map((r) => median(r.frameCpuMs.slice(1)))) : NaN,
  })}\n`);
}

/** One encode of the whole sequence: CPU and wall milliseconds, and CPU milliseconds of each frame. */
function timeSequence(planes: Uint8Array[], width: number, height: number, qp: number): { cpuMs: number; wallMs: number; frameCpuMs: number[] } {
  const encoder = new WasmH264Encoder({ width, height, qp }, H264Module.instance());
  const frameCpuMs: number[] = [];
  let cpuMs = 0;
  const wallStart = performance.now();
  for (const [i, plane] of planes.entries()) {
    const before = process.cpuUsage();
    encoder.encode(plane, i);
    const used = process.cpuUsage(before);
    frameCpuMs.push((used.user + used.system) / 1000);
    cpuMs += (used.user + used.system) / 1000;
  }
  const wallMs = performance.now() - wallStart;
  encoder.close();
  return { cpuMs, wallMs, frameCpuMs };
}

main(process.argv.slice(2));
