// What a frame's compute costs on Lambda, from a measured total: the function's memory
// (serverless.yml's default memorySize) is billed for the frame's duration, which is the CPU
// time stretched by the share of a vCPU that memory buys, plus the request. The times are this
// machine's (x64); Lambda runs arm64, so the dollars compare the methods, not a bill.
// see: https://aws.amazon.com/lambda/pricing/ (prices in ./stitch-model.ts).
import { cpuShareFor } from '../src/core/frame-cost';
import { PRICES } from './stitch-model';

/** serverless.yml's default memorySize for the frame function. */
export const FUNCTION_MEMORY_MB = 1024;

/** Dollars of Lambda compute and requests per million frames that take `totalMs` of one thread here. */
export function lambdaDollarsPerMillion(totalMs: number, memoryMB = FUNCTION_MEMORY_MB): number {
  const seconds = totalMs / 1000 / cpuShareFor(memoryMB);
  return 1e6 * (seconds * (memoryMB / 1024) * PRICES.lambdaGbSecond + PRICES.lambdaRequest);
}
