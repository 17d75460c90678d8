// The stitch's per-frame work on one thread, as a segment worker does it: real 1080p edge maps,
// stored as the frame function stores them (JPEG, quality 75), decoded by frame-processor's
// decoder and encoded by its H.264 encoder (encodeSegmentFrames: the worker's own function, with
// the downloads replaced by memory). CPU time of the process, so other load on the machine
// inflates it less than wall time.
import { performance } from 'node:perf_hooks';
import { encodeGreyJpeg } from '../src/jpeg/encode';
import { DEFAULT_QP } from '../src/video/h264';
import { decodeEdgeMap } from '../src/video/stitch/edge-maps';
import { encodeSegmentFrames } from '../src/video/stitch/segment-encode';
import { Kernel } from '../src/wasm/instance';
import { loadFrame } from './frames';
import { panningEdgeMaps } from './h264-sequence';
import { median } from './stats';

/** The frame function's default JPEG quality: what the stitch reads back. */
export const EDGE_MAP_QUALITY = 75;

export interface EdgeMapFiles {
  width: number;
  height: number;
  files: Uint8Array[];
}

/** `count` panning edge maps of the 1080p bench photo, as JPEG files. */
export async function edgeMapFiles(count: number): Promise<EdgeMapFiles> {
  const frame = await loadFrame('1080p');
  const maps = await panningEdgeMaps(frame.bytes, frame.width, frame.height, count);
  const kernel = Kernel.instance();
  const files = maps.map((map) => {
    kernel.reset();
    return encodeGreyJpeg(kernel, kernel.copyIn(map.plane), map.width, map.height, EDGE_MAP_QUALITY);
  });
  return { width: maps[0].width, height: maps[0].height, files };
}

export interface EncodeFigures {
  frames: number;
  runs: number;
  /** CPU milliseconds per frame: JPEG decode alone, and decode + H.264 encode (the worker's loop). */
  decodeCpuMs: number;
  frameCpuMs: number;
  /** Frames per second on one vCPU (1000 / frameCpuMs); the target is 12. */
  framesPerSecondPerVcpu: number;
  wallMsPerFrame: number;
  /** One segment of all the frames (one IDR, then P pictures) at 30 frames/s. */
  bitsPerSecond: number;
  edgeMapBytes: number;
}

function cpuMs(since: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
}

/** Medians over `runs` passes (after one warm-up) over the frames as one segment. */
export async function measureEncode(maps: EdgeMapFiles, runs: number): Promise<EncodeFigures> {
  const { width, height, files } = maps;
  const decodeSamples: number[] = [];
  const frameSamples: number[] = [];
  const wallSamples: number[] = [];
  let bytes = 0;
  for (let run = 0; run <= runs; run++) {
    const decodeStart = process.cpuUsage();
    for (const [index, file] of files.entries()) decodeEdgeMap(file, `frame ${index}`);
    const decode = cpuMs(decodeStart) / files.length;
    const wallStart = performance.now();
    const cpuStart = process.cpuUsage();
    const encoded = await encodeSegmentFrames({
      first: 0, names: files.map((_, i) => String(i)), width, height, qp: DEFAULT_QP, frameRate: 30,
      fetch: async (name) => files[Number(name)], describe: (name) => `frame ${name}`,
    });
    const frame = cpuMs(cpuStart) / files.length;
    const wall = (performance.now() - wallStart) / files.length;
    if (!encoded.ok) throw new Error(`the bench's frames were refused: ${encoded.reason}`);
    bytes = encoded.samples.reduce((sum, sample) => sum + sample.data.length, 0);
    if (run === 0) continue; // warm-up
    decodeSamples.push(decode);
    frameSamples.push(frame);
    wallSamples.push(wall);
  }
  const frameCpuMs = median(frameSamples);
  return {
    frames: files.length,
    runs,
    decodeCpuMs: median(decodeSamples),
    frameCpuMs,
    framesPerSecondPerVcpu: 1000 / frameCpuMs,
    wallMsPerFrame: median(wallSamples),
    bitsPerSecond: (bytes * 8 * 30) / files.length,
    edgeMapBytes: Math.round(files.reduce((sum, file) => sum + file.length, 0) / files.length),
  };
}
