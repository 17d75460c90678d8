// From measured figures to Lambda: the wall time and the dollars of stitching one video, with the
// request pattern of the stitch code (the same counts the local simulation makes, see
// requestCounts) and AWS latencies and prices that are assumptions, stated here.
import { DEFAULT_PART_BYTES } from '../src/video/join-parts';

/** us-east-1 list prices (2025): Lambda arm64, S3 Standard, DynamoDB on-demand, EventBridge. */
export const PRICES = {
  lambdaGbSecond: 0.0000133334,
  lambdaRequest: 0.2 / 1e6,
  s3PutClass: 0.005 / 1000, // PUT, COPY, POST, LIST
  s3GetClass: 0.0004 / 1000, // GET, HEAD (DELETE is free)
  dynamoWriteUnit: 0.625 / 1e6,
  dynamoReadUnit: 0.125 / 1e6,
  eventBridgeEvent: 1 / 1e6,
} as const;

/** Typical in-region latencies (assumptions, not measured here): milliseconds, and MB/s. */
export const AWS = {
  dynamoMs: 10,
  s3GetMs: 25,
  s3PutMs: 40,
  s3ListPageMs: 80,
  s3MBps: 80,
  invokeApiMs: 25,
  /** From an asynchronous Invoke to the handler starting (queueing, placement). */
  asyncDispatchMs: 250,
  /** Lambda's own init of a Node.js 22 function before the module's code runs. */
  runtimeInitMs: 250,
} as const;

export const STITCH_MEMORY_MB = 1769; // 1 vCPU
const GB = STITCH_MEMORY_MB / 1024;

export interface ModelInputs {
  /** CPU ms per frame (decode + encode) on this machine's core (bench/stitch-encode.ts). */
  frameCpuMs: number;
  /** How much slower a Lambda vCPU is than this machine's core (1 = as fast). */
  cpuFactor: number;
  /** Module load + WebAssembly compile/instantiate + first encoder, in a fresh process (measured). */
  coldStartMs: number;
  /** Bytes of H.264 per frame at the default QP (measured). */
  bytesPerFrame: number;
  /** Bytes of plan per frame (about the edge map name length plus quotes). */
  planBytesPerFrame: number;
}

export interface VideoShape {
  frames: number;
  segmentFrames: number;
  /** Segment invocations running at once (the function's concurrency). */
  concurrency: number;
}

export interface StitchEstimate {
  segments: number;
  planMs: number;
  segmentMs: number;
  joinMs: number;
  wallMs: number;
  gbSeconds: number;
  requests: RequestCounts;
  dollars: { lambda: number; s3: number; dynamo: number; events: number; total: number };
}

export interface RequestCounts {
  invocations: number;
  s3Get: number;
  s3Put: number;
  dynamoWrites: number;
  dynamoReads: number;
  events: number;
}

const transferMs = (bytes: number) => (bytes / (AWS.s3MBps * 1e6)) * 1000;

/**
 * The requests of one stitch as the code makes them: planner (GetItem, listing pages, the first
 * edge map, one plan slice per segment, the plan write, one Invoke per segment, the outbox move),
 * each segment (GetItem, its plan slice, one GET per edge map, data + index PUTs, the ADD, the last
 * one's join-ready write and join Invoke), the join (GetItem, an index GET and a HEAD per
 * segment, create/parts/complete, one ranged GET per piece, a piece being one segment's bytes
 * within one part, the stitched write, video.json, the event, the clean-up listing, the outbox
 * move) and the sweeper's recheck (video.json again, the outbox clear).
 */
export function requestCounts(shape: VideoShape, bytes: number, withRecheck = true): RequestCounts {
  const recheck = withRecheck ? 1 : 0;
  const segments = Math.ceil(shape.frames / shape.segmentFrames);
  const parts = Math.max(1, Math.ceil(bytes / DEFAULT_PART_BYTES));
  const listPages = Math.ceil(shape.frames / 1000);
  return {
    invocations: 2 + segments,
    s3Get: 1 + segments + shape.frames + segments * 2 + (segments + parts - 1),
    s3Put: listPages + segments + 2 * segments + (2 + parts) + 1 + 1 + recheck,
    dynamoWrites: 2 + segments + 1 + 1 + 1 + recheck,
    dynamoReads: 1 + segments + 1 + recheck,
    events: 1,
  };
}

export function estimateStitch(inputs: ModelInputs, shape: VideoShape): StitchEstimate {
  const segments = Math.ceil(shape.frames / shape.segmentFrames);
  const bytes = inputs.bytesPerFrame * shape.frames;
  const planBytes = inputs.planBytesPerFrame * shape.frames;
  const cold = AWS.runtimeInitMs + inputs.coldStartMs;
  const invokeRounds = Math.ceil(segments / 8); // 8 requests in flight
  // The planner writes the plan slices and sends the Invokes 8 at a time.
  const planMs = cold + AWS.dynamoMs + Math.ceil(shape.frames / 1000) * AWS.s3ListPageMs + AWS.s3GetMs + invokeRounds * AWS.s3PutMs + transferMs(planBytes) + AWS.dynamoMs + invokeRounds * AWS.invokeApiMs + AWS.dynamoMs;
  // Edge map downloads overlap the encoding of the frame before: only the first is waited for.
  const segmentMs = cold + AWS.dynamoMs + AWS.s3GetMs + AWS.s3GetMs + shape.segmentFrames * inputs.frameCpuMs * inputs.cpuFactor + 2 * AWS.s3PutMs + 2 * AWS.dynamoMs + AWS.invokeApiMs;
  const parts = Math.max(1, Math.ceil(bytes / DEFAULT_PART_BYTES));
  // The join reads indexes and HEADs 8 at a time, then fills parts one range GET after another.
  const joinMs = cold + AWS.dynamoMs + 2 * Math.ceil(segments / 8) * AWS.s3GetMs + AWS.s3PutMs + (segments + parts - 1) * AWS.s3GetMs + transferMs(bytes) + AWS.s3PutMs * 2 + 3 * AWS.dynamoMs + 2 * AWS.s3PutMs + AWS.s3ListPageMs;
  const waves = Math.ceil(segments / Math.max(1, shape.concurrency));
  const wallMs = 3 * AWS.asyncDispatchMs + planMs + waves * segmentMs + joinMs;
  const gbSeconds = ((planMs + segments * segmentMs + joinMs) / 1000) * GB;
  const requests = requestCounts(shape, bytes);
  const itemUnits = 2; // the video item is 1-2 KB: each write costs 2 write units, each strong read 1 read unit
  const dollars = {
    lambda: gbSeconds * PRICES.lambdaGbSecond + requests.invocations * PRICES.lambdaRequest,
    s3: requests.s3Get * PRICES.s3GetClass + requests.s3Put * PRICES.s3PutClass,
    dynamo: requests.dynamoWrites * itemUnits * PRICES.dynamoWriteUnit + requests.dynamoReads * PRICES.dynamoReadUnit,
    events: requests.events * PRICES.eventBridgeEvent,
    total: 0,
  };
  dollars.total = dollars.lambda + dollars.s3 + dollars.dynamo + dollars.events;
  return { segments, planMs, segmentMs, joinMs, wallMs, gbSeconds, requests, dollars };
}
