// The stitch bench's report: plain text tables (bench/stitch.ts --json gives the same as JSON).
import type { Machine } from './machine';
import type { EncodeFigures } from './stitch-encode';
import { AWS, PRICES, STITCH_MEMORY_MB, type ModelInputs, type RequestCounts, type StitchEstimate } from './stitch-model';
import type { SimulationRun } from './stitch-simulation';

export interface StitchBenchResult {
  machine: Machine;
  encode: EncodeFigures;
  coldStartMs: number;
  local: { frames: number; segmentFrames: number; parallel: number; runs: SimulationRun[]; wallMs: number; expectedRequests: RequestCounts };
  inputs: ModelInputs;
  video: { frames: number; concurrency: number };
  estimate: StitchEstimate;
  alternatives: ({ segmentFrames: number } & StitchEstimate)[];
}

const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const usd = (dollars: number) => `$${dollars.toFixed(5)}`;

export function formatStitchReport(r: StitchBenchResult): string {
  const m = r.machine;
  const lines: string[] = [];
  lines.push(`machine: ${m.cpu}, ${m.cores} cores, node ${m.node}, load average ${m.loadAverage}`, '');
  const e = r.encode;
  lines.push(`1. Segment worker loop on one thread: ${e.frames} real 1080p edge maps (JPEG q75, ${Math.round(e.edgeMapBytes / 1024)} KB), median of ${e.runs} runs`);
  lines.push(`   decode ${e.decodeCpuMs.toFixed(1)} ms + encode = ${e.frameCpuMs.toFixed(1)} ms CPU per frame: ${e.framesPerSecondPerVcpu.toFixed(1)} frames/s per vCPU (target 12: ${(e.framesPerSecondPerVcpu / 12).toFixed(1)}x); wall ${e.wallMsPerFrame.toFixed(1)} ms/frame`);
  lines.push(`   bitrate at QP default, 30 frames/s, one ${e.frames}-frame segment: ${(e.bitsPerSecond / 1e6).toFixed(2)} Mbit/s`);
  lines.push(`   cold start (fresh process to a ready 1080p encoder): ${r.coldStartMs.toFixed(0)} ms (median of ${r.local.runs.length})`, '');
  const l = r.local;
  lines.push(`2. Local stitch, same code: ${l.frames} frames, ${l.segmentFrames} per segment, ${l.parallel} worker threads, s3rver + dynalite in process`);
  lines.push('   run | wall    | plan   | segments (each)          | join   | edges.mp4');
  for (const [i, run] of l.runs.entries()) {
    lines.push(`   ${i + 1}   | ${s(run.wallMs).padEnd(7)} | ${s(run.planMs).padEnd(6)} | ${run.segmentMs.map(s).join(', ').padEnd(24)} | ${s(run.joinMs).padEnd(6)} | ${(run.bytes / 1e6).toFixed(1)} MB`);
  }
  lines.push(`   median wall ${s(l.wallMs)}; requests counted (run 1): S3 ${JSON.stringify(l.runs[0].s3)}, DynamoDB ${l.runs[0].dynamoReads} reads ${l.runs[0].dynamoWrites} writes`);
  const x = l.expectedRequests;
  lines.push(`   the model's counts for it: S3 GET/HEAD ${x.s3Get}, PUT/POST/LIST ${x.s3Put}, DynamoDB ${x.dynamoReads} reads ${x.dynamoWrites} writes`, '');
  const est = r.estimate;
  lines.push(`3. Lambda estimate: ${r.video.frames} frames (10 min at 30 frames/s), ${STITCH_MEMORY_MB} MB (1 vCPU), ${r.video.concurrency} segments at once, vCPU ${r.inputs.cpuFactor}x this core`);
  lines.push(`   inputs: ${r.inputs.frameCpuMs.toFixed(1)} ms CPU/frame, cold start ${r.coldStartMs.toFixed(0)} + ${AWS.runtimeInitMs} ms runtime init, ${Math.round(r.inputs.bytesPerFrame)} bytes/frame (local stitch)`);
  lines.push(`   assumed AWS: DynamoDB ${AWS.dynamoMs} ms, S3 GET ${AWS.s3GetMs} ms, PUT ${AWS.s3PutMs} ms, list page ${AWS.s3ListPageMs} ms, ${AWS.s3MBps} MB/s, Invoke ${AWS.invokeApiMs} ms, async dispatch ${AWS.asyncDispatchMs} ms`);
  lines.push(`   prices (us-east-1): Lambda arm64 $${PRICES.lambdaGbSecond}/GB-s + $0.20/M requests; S3 $0.005/1k PUT/LIST, $0.0004/1k GET; DynamoDB $0.625/M WRU, $0.125/M RRU; EventBridge $1/M`);
  lines.push('   segment frames | segments | plan  | segment | join   | wall    | GB-s   | $ Lambda | $ S3     | $ DynamoDB | $ total');
  for (const a of r.alternatives) {
    const mark = a.segmentFrames === r.local.segmentFrames ? '*' : ' ';
    lines.push(`   ${mark}${String(a.segmentFrames).padEnd(13)} | ${String(a.segments).padEnd(8)} | ${s(a.planMs).padEnd(5)} | ${s(a.segmentMs).padEnd(7)} | ${s(a.joinMs).padEnd(6)} | ${s(a.wallMs).padEnd(7)} | ${a.gbSeconds.toFixed(0).padEnd(6)} | ${usd(a.dollars.lambda)} | ${usd(a.dollars.s3)} | ${usd(a.dollars.dynamo)}   | ${usd(a.dollars.total)}`);
  }
  lines.push(`   * STITCH_SEGMENT_FRAMES ${r.local.segmentFrames}: ${s(est.wallMs)} wall, ${usd(est.dollars.total)} per video`, '');
  return `${lines.join('\n')}\n`;
}
