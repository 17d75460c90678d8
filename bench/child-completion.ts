// Run in a fresh process by tracking-scale.ts: completes one video whose frames are all recorded
// (its total given again, which settles it), against the DynamoDB at AWS_ENDPOINT_URL_DYNAMODB,
// and prints its peak resident memory before and after, in KB (VmHWM), and the heap's peak, as
// one JSON line. argv: table, videoId, total.
import { readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DYNALITE_CREDENTIALS } from '../src/local/dynamo-server';
import { Tracker } from '../src/tracking/tracker';

function vmHwmKB(): number {
  return Number(/^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0);
}

async function main(table: string, videoId: string, total: number): Promise<void> {
  const client = new DynamoDBClient({ region: 'us-east-1', endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB, credentials: DYNALITE_CREDENTIALS });
  const tracker = new Tracker({ client, tableName: table });
  await tracker.status('warm-up'); // the SDK's first request: its modules loaded before the baseline
  const before = vmHwmKB();
  let heapPeak = 0;
  const sampler = setInterval(() => (heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed)), 5);
  const started = performance.now();
  const progress = await tracker.recordTotal({ videoId, totalFrames: total, frameRate: 30, source: 'manifest' });
  const ms = performance.now() - started;
  clearInterval(sampler);
  heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
  const status = await tracker.status(videoId);
  client.destroy();
  process.stdout.write(`${JSON.stringify({ state: progress.state, failedFrames: status.failedFrames, beforeKB: before, peakKB: vmHwmKB(), heapPeakBytes: heapPeak, ms })}\n`);
}

const [table, videoId, total] = process.argv.slice(2);
main(table, videoId, Number(total)).catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
