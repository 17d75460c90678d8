// `npm run bench:h264`: the H.264 encoder on real, moving 1080p edge maps (and other sizes on
// request), on one thread: frames per second, bitrate, PSNR-Y of the stream as ffmpeg decodes it,
// and the same figures for libx264 (ffmpeg, preset ultrafast, one thread) at equal PSNR in the same
// run, as ratios. See bench/README.md.
import { performance } from 'node:perf_hooks';
import { toAnnexB } from '../src/video/h264/annex-b';
import { DEFAULT_FRAME_RATE, DEFAULT_QP, WasmH264Encoder, type EncodedFrame } from '../src/video/h264/encoder';
import { H264Module } from '../src/video/h264/module';
import { loadFrame, SIZE_NAMES, type SizeName } from './frames';
import { formatH264Report, type H264BenchResult, type H264SizeResult, type PsnrSource } from './h264-report';
import { panningEdgeMaps, psnr, type EdgeMap } from './h264-sequence';
import { decodeGray, matchX264 } from './h264-x264';
import { describeMachine } from './machine';
import { median } from './stats';

const USAGE = `usage: npm run bench:h264 -- [--frames N] [--runs N] [--qp Q] [--sizes 1080p,4k] [--no-x264] [--json]
  --frames N   frames per sequence: one IDR picture, then P pictures (default 60: 2 s at 30 frames/s)
  --runs N     timed encodes of the whole sequence behind each median (default 5, after 1 warm-up)
  --qp Q       the encoder's QP (default ${DEFAULT_QP}, the encoder's default)
  --sizes L    of 720p, 1080p, 4k (default 1080p)
  --no-x264    skip the libx264 baseline`;

interface Args {
  frames: number;
  runs: number;
  qp: number;
  sizes: SizeName[];
  x264: boolean;
  json: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { frames: 60, runs: 5, qp: DEFAULT_QP, sizes: ['1080p'], x264: true, json: false };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    const count = (min: number, max: number) => {
      const n = Number(value());
      if (!Number.isInteger(n) || n < min || n > max) throw new Error(`${flag} must be an integer ${min}..${max}`);
      return n;
    };
    if (flag === '--frames') args.frames = count(1, 10_000);
    else if (flag === '--runs') args.runs = count(1, 1000);
    else if (flag === '--qp') args.qp = count(0, 51);
    else if (flag === '--sizes') args.sizes = value().split(',').map((s) => {
      if (!(SIZE_NAMES as readonly string[]).includes(s)) throw new Error(`--sizes: unknown size ${s} (${SIZE_NAMES.join(', ')})`);
      return s as SizeName;
    });
    else if (flag === '--no-x264') args.x264 = false;
    else if (flag === '--json') args.json = true;
    else throw new Error(`unknown option ${flag}`);
  }
  return args;
}

/** One encode of the whole sequence: CPU and wall milliseconds, per-frame CPU milliseconds. */
function timeSequence(module: H264Module, maps: EdgeMap[], qp: number): { cpuMs: number; wallMs: number; frameCpuMs: number[] } {
  const { width, height } = maps[0];
  const encoder = new WasmH264Encoder({ width, height, qp }, module);
  const frameCpuMs: number[] = [];
  const cpuStart = process.cpuUsage(), wallStart = performance.now();
  for (const [i, map] of maps.entries()) {
    const before = process.cpuUsage();
    encoder.encode(map.plane, i);
    const used = process.cpuUsage(before);
    frameCpuMs.push((used.user + used.system) / 1000);
  }
  const wallMs = performance.now() - wallStart, cpu = process.cpuUsage(cpuStart);
  encoder.close();
  return { cpuMs: (cpu.user + cpu.system) / 1000, wallMs, frameCpuMs };
}

/**
 * Bytes and per-frame PSNR of what a viewer gets: the stream decoded by ffmpeg (untimed). Without
 * ffmpeg, of the encoder's reconstruction, which the tests hold equal to every decoder's picture.
 */
function qualityOf(module: H264Module, maps: EdgeMap[], qp: number, log: (line: string) => void): { bytes: number; psnrs: number[]; keyframeInterval: number; psnrOf: PsnrSource } {
  const { width, height } = maps[0];
  const encoder = new WasmH264Encoder({ width, height, qp }, module);
  const frames: EncodedFrame[] = [];
  const reconstructed = maps.map((map, i) => {
    frames.push(encoder.encode(map.plane, i));
    return psnr(map.plane, width, height, encoder.reconstruction(), encoder.width);
  });
  encoder.close();
  const bytes = frames.reduce((sum, frame) => sum + frame.data.length, 0);
  const quality = { bytes, keyframeInterval: encoder.keyframeInterval };
  try {
    const pictures = decodeGray(toAnnexB(encoder.parameterSets, frames), encoder.width, encoder.height);
    if (pictures.length !== maps.length) throw new Error(`ffmpeg decoded ${pictures.length} of ${maps.length} pictures`);
    const decoded = maps.map((map, i) => psnr(map.plane, width, height, pictures[i], encoder.width));
    if (decoded.some((value, i) => value !== reconstructed[i])) log('the decoded stream differs from the encoder\'s reconstruction: a decoder-exactness bug');
    return { ...quality, psnrs: decoded, psnrOf: 'decoded by ffmpeg' };
  } catch (error) {
    log(`PSNR of the encoder's reconstruction instead of the decoded stream: ${(error as Error).message}`);
    return { ...quality, psnrs: reconstructed, psnrOf: 'reconstruction' };
  }
}

async function measureSize(size: SizeName, args: Args, log: (line: string) => void): Promise<H264SizeResult> {
  const frame = await loadFrame(size);
  log(`${size}: making ${args.frames} panning edge maps from ${frame.path}`);
  const maps = await panningEdgeMaps(frame.bytes, frame.width, frame.height, args.frames);
  const { width, height } = maps[0];
  const module = H264Module.instance();
  const quality = qualityOf(module, maps, args.qp, log);
  log(`${size}: encoding ${width}x${height}, 1 warm-up + ${args.runs} timed runs`);
  timeSequence(module, maps, args.qp);
  const runs = Array.from({ length: args.runs }, () => timeSequence(module, maps, args.qp));
  const meanPsnr = quality.psnrs.reduce((a, b) => a + b, 0) / quality.psnrs.length;
  const seconds = args.frames / DEFAULT_FRAME_RATE;
  const ours = {
    cpuFramesPerSecond: args.frames / (median(runs.map((r) => r.cpuMs)) / 1000),
    wallFramesPerSecond: args.frames / (median(runs.map((r) => r.wallMs)) / 1000),
    idrCpuMs: median(runs.map((r) => r.frameCpuMs[0])),
    pCpuMs: args.frames > 1 ? median(runs.map((r) => median(r.frameCpuMs.slice(1)))) : NaN,
    bytes: quality.bytes,
    megabitsPerSecond: (quality.bytes * 8) / seconds / 1e6,
    psnrMin: Math.min(...quality.psnrs),
    psnrMedian: median(quality.psnrs),
    psnrMean: meanPsnr,
    psnrOf: quality.psnrOf,
  };
  let x264: H264SizeResult['x264'] = { ran: false, reason: 'skipped (--no-x264)' };
  if (args.x264) {
    try {
      log(`${size}: libx264 ultrafast at the same mean PSNR (${meanPsnr.toFixed(2)} dB)`);
      const match = matchX264(maps.map((m) => m.plane), width, height, quality.keyframeInterval, meanPsnr, args.qp);
      x264 = {
        ran: true,
        ...match,
        megabitsPerSecond: (match.bytesAtTarget * 8) / seconds / 1e6,
        cpuFramesPerSecond: args.frames / match.cpuSecondsAtTarget,
        bitrateRatio: quality.bytes / match.bytesAtTarget,
        speedRatio: ours.cpuFramesPerSecond / (args.frames / match.cpuSecondsAtTarget),
      };
    } catch (error) {
      x264 = { ran: false, reason: (error as Error).message };
    }
  }
  return { size, width, height, frames: args.frames, keyframeInterval: quality.keyframeInterval, ours, x264 };
}

async function main(argv: string[]): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    process.stderr.write(`bench:h264: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  const log = (line: string) => process.stderr.write(`bench:h264: ${line}\n`);
  const result: H264BenchResult = { machine: describeMachine(), qp: args.qp, runs: args.runs, frameRate: DEFAULT_FRAME_RATE, sizes: [] };
  for (const size of args.sizes) result.sizes.push(await measureSize(size, args, log));
  process.stdout.write(args.json ? `${JSON.stringify(result, null, 2)}\n` : `${formatH264Report(result)}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(`bench:h264: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
