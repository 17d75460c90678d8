// The shape of a bench run: what --json prints and what the text report is made from.
import type { CliS3Run } from './cli-s3';
import type { CliRun } from './cli-throughput';
import type { ColdStart } from './cold-start';
import type { Machine } from './machine';
import type { OpenCvResult } from './opencv-peer';
import type { PipelineMs } from './ours';
import type { BlurMethod } from '../src/core/reduction';
import type { PeakRss } from './peak-rss';
import type { ReferenceMs } from './reference-pipeline';
import type { StageMs } from './settings';
import type { SharpResult } from './sharp-peer';
import type { SizeName } from './frames';
import type { FunctionInitResult } from './function-init';
import type { TrackingCost } from './tracking-cost';
import type { VideoFigures } from './video-figures';

/** A peer's figures, or why there are none. */
export type PeerOutcome<T> = { ran: true; result: T } | { ran: false; reason: string };

export interface SizeResult {
  size: SizeName;
  width: number;
  height: number;
  sigma: number;
  /** Samples behind each median: every contender's, and the slow reference pipeline's. */
  runs: { warm: number; reference: number };
  frame: { path: string; synthetic: boolean; bytes: number };
  /** processFrame, JPEG out, in each blur method; grey conversion is counted in its decode stage. */
  pipelines: Record<BlurMethod, PipelineMs>;
  reference: ReferenceMs;
  /** grey + blur + Sobel on the same jpeg-js RGB: WASM vs referenceEdges (= reference.kernelMs). */
  kernelOnly: { wasmMs: number; referenceMs: number };
  /** The same edge map encoded at q75: our 1-component encoder vs jpeg-js (3 components). */
  encoder: { oursMs: number; jpegJsMs: number };
  sharp: PeerOutcome<SharpResult>;
  rust: PeerOutcome<StageMs>;
  opencv: PeerOutcome<OpenCvResult>;
  coldStart: Record<BlurMethod, ColdStart>;
  peakRss: Record<BlurMethod, PeakRss>;
}

export interface BenchResult {
  machine: Machine;
  settings: { runs: number; refRuns: number | 'default'; coldRuns: number; blurModifier: number; quality: number };
  /** Which peers ran, with versions or the reason they did not. */
  peers: Record<'sharp' | 'rust' | 'opencv', string>;
  sizes: SizeResult[];
  cli: PeerOutcome<CliRun[]>;
  /** The command line bucket to bucket on loopback S3, against folder to folder in the same run. */
  cliS3: PeerOutcome<CliS3Run>;
  /** What per-video tracking adds to each frame. */
  tracking: PeerOutcome<TrackingCost>;
  /** The edge video: the H.264 encoder's and the stitch's own reports. */
  video: VideoFigures;
  /** Each function's cold start with its bundle as packaged (bench/function-init.ts). */
  functionInit: PeerOutcome<FunctionInitResult>;
  elapsedSeconds: number;
}
