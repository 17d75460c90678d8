// Every measurement of one frame size, in a fixed order; progress goes to stderr.
import { referenceRuns, type BenchArgs } from './args';
import { measureColdStart } from './cold-start';
import type { Frame } from './frames';
import { benchOpenCv } from './opencv-peer';
import { benchEncoder, benchKernel, benchPipeline, edgeMap } from './ours';
import { measurePeakRss } from './peak-rss';
import { benchReference, decodeRgb } from './reference-pipeline';
import type { PeerOutcome, SizeResult } from './results';
import { benchRust } from './rust-peer';
import { BLUR_MODIFIER } from './settings';
import { benchSharp } from './sharp-peer';
import { sigmaFor } from '../src/core/blur-weights';

/** The optional peers' set-up, decided once per run. */
export interface PeerSetup {
  rust?: string;
  python?: string;
  /** Why a requested-or-not peer will not run. */
  skipped: { rust?: string; opencv?: string };
}

export async function measureSize(frame: Frame, args: BenchArgs, peers: PeerSetup, log: (line: string) => void): Promise<SizeResult> {
  const { size, width, height, path } = frame;
  const step = (what: string) => log(`[${size}] ${what}`);
  step(`frame-processor pipeline, fast and exact, ${args.runs} runs each`);
  const pipelines = { fast: await benchPipeline(frame.bytes, args.runs, 'fast'), exact: await benchPipeline(frame.bytes, args.runs, 'exact') };
  step('WASM kernel alone and our encoder');
  const rgb = decodeRgb(frame.bytes);
  const wasmMs = await benchKernel(rgb.data, rgb.width, rgb.height, args.runs);
  const edges = edgeMap(frame.bytes);
  const oursEncodeMs = await benchEncoder(edges.data, edges.width, edges.height, args.runs);
  const refRuns = referenceRuns(args, size);
  step(`TypeScript reference pipeline, ${refRuns} runs (slow)`);
  const reference = await benchReference(frame.bytes, refRuns);
  step('sharp');
  const sharp = await attempt(() => benchSharp(frame.bytes, width, height, args.runs));
  const rust = await optional(peers.rust, peers.skipped.rust, (binary) => {
    step('Rust seed-sobel');
    return benchRust(binary, path, args.runs);
  });
  const opencv = await optional(peers.python, peers.skipped.opencv, (python) => {
    step('OpenCV');
    return benchOpenCv(python, path, width, height, args.runs);
  });
  step(`cold start (${args.coldRuns} fresh processes per method) and peak RSS`);
  return {
    size,
    width,
    height,
    sigma: sigmaFor(width, height, BLUR_MODIFIER),
    runs: { warm: args.runs, reference: refRuns },
    frame: { path, synthetic: frame.synthetic, bytes: frame.bytes.length },
    pipelines,
    reference,
    kernelOnly: { wasmMs, referenceMs: reference.kernelMs },
    encoder: { oursMs: oursEncodeMs, jpegJsMs: reference.jpegJsEncodeMs },
    sharp,
    rust,
    opencv,
    coldStart: { fast: measureColdStart(path, args.coldRuns, 'fast'), exact: measureColdStart(path, args.coldRuns, 'exact') },
    peakRss: { fast: measurePeakRss(path, 'fast'), exact: measurePeakRss(path, 'exact') },
  };
}

/** A peer that fails is reported, not fatal: the bench must run anywhere. */
async function attempt<T>(run: () => Promise<T>): Promise<PeerOutcome<T>> {
  try {
    return { ran: true, result: await run() };
  } catch (error) {
    return { ran: false, reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Runs an optional peer when it was set up (`tool` is its binary or interpreter). */
function optional<T>(tool: string | undefined, reason: string | undefined, run: (tool: string) => T): Promise<PeerOutcome<T>> {
  if (!tool) return Promise.resolve({ ran: false, reason: reason ?? 'not requested' });
  return attempt(async () => run(tool));
}
