// Per-video tracking at scale, against dynalite on loopback (not part of `npm run bench`: minutes):
//   --frames N   a video of N frames through the tracker (its total first, W workers, in order),
//                counting the write units dynalite reports (by item size, the larger of before and
//                after) against the size model's (src/tracking/size-model.ts);
//   --failed N   a video of N frames that all failed, its items written directly as the tracker
//                writes them, then completed in a fresh process (child-completion.ts): the peak
//                memory of that process, which a 256 MB function must hold; --heap-limit MB runs
//                that process with V8's old space capped (--max-old-space-size), to show it needs
//                no more.
// node dist/bench/tracking-scale.js --frames 200000 --failed 500000 [--workers 16] [--heap-limit 32]
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { BatchWriteItemCommand, type DynamoDBClient, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { startDynamoServer } from '../src/local/dynamo-server';
import { DEFAULT_CHUNK_SIZE, DEFAULT_GROUP_SIZE } from '../src/tracking/chunks';
import { BOOL, N, NS, S, type Item } from '../src/tracking/items';
import { countRequests } from '../src/tracking/request-counter';
import { modelVideo } from '../src/tracking/size-model';
import { A, C, F, G, HASH_KEY, OUTBOX, chunkKey, failureKey, groupKey, trackingTableDefinition } from '../src/tracking/table';
import { Tracker } from '../src/tracking/tracker';

const TABLE = 'frame-tracking';
const frameKey = (videoId: string, index: number) => `${videoId}/frame.${String(index).padStart(7, '0')}.jpg`;

async function main(argv: string[]): Promise<void> {
  const option = (name: string) => {
    const at = argv.indexOf(name);
    return at < 0 ? undefined : Number(argv[at + 1]);
  };
  const frames = option('--frames');
  const failed = option('--failed');
  const workers = option('--workers') ?? 16;
  const heapLimit = option('--heap-limit');
  const directory = await mkdtemp(join(tmpdir(), 'frame-processor-tracking-scale-'));
  const dynamo = await startDynamoServer({ port: 0, directory, tables: [trackingTableDefinition(TABLE)] });
  try {
    if (frames) await writeUnitsPerFrame(dynamo.client(), frames, workers);
    if (failed) await completionMemory(dynamo.client(), dynamo.endpoint, failed, heapLimit);
  } finally {
    await dynamo.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function writeUnitsPerFrame(client: DynamoDBClient, frames: number, workers: number): Promise<void> {
  const videoId = `scale/${frames}`;
  const counter = countRequests(client);
  const tracker = new Tracker({ client, tableName: TABLE });
  const started = performance.now();
  await tracker.manifest(new TextEncoder().encode(JSON.stringify({ totalFrames: frames })), `${videoId}/capture.json`);
  let next = 0;
  await Promise.all(Array.from({ length: workers }, async () => {
    while (next < frames) await tracker.frameProcessed(frameKey(videoId, next++));
  }));
  const seconds = (performance.now() - started) / 1000;
  const counts = counter.counts();
  const model = modelVideo({ frames, videoId, chunkSize: DEFAULT_CHUNK_SIZE, groupSize: DEFAULT_GROUP_SIZE });
  const status = await tracker.status(videoId);
  console.log(
    `${frames} frames (${workers} workers, ${seconds.toFixed(0)} s, ${status.state}): ${counts.writes} writes, ` +
      `${(counts.writeUnits / frames).toFixed(4)} WCU/frame by dynalite; the size model ${model.writes} writes, ${model.writeUnitsPerFrame.toFixed(4)} WCU/frame`,
  );
}

/** The items the tracker leaves for a video of `total` frames that all failed, before its completion. */
function* allFailedItems(videoId: string, total: number): Generator<Item> {
  const now = N(Date.now());
  const chunks = Math.ceil(total / DEFAULT_CHUNK_SIZE);
  const groups = Math.ceil(chunks / DEFAULT_GROUP_SIZE);
  for (let index = 0; index < total; index++) {
    yield { [HASH_KEY]: S(failureKey(videoId, index)), [F.key]: S(frameKey(videoId, index)), [F.reason]: S('CorruptJpegError: the frame is truncated after its SOS segment'), [F.at]: now };
  }
  for (let chunk = 0; chunk < chunks; chunk++) {
    const size = Math.min(DEFAULT_CHUNK_SIZE, total - chunk * DEFAULT_CHUNK_SIZE);
    yield { [HASH_KEY]: S(chunkKey(videoId, chunk)), [C.failed]: NS(...Array.from({ length: size }, (_, i) => i)), [C.registered]: BOOL(true), [C.firstAt]: now, [C.updatedAt]: now };
  }
  const wholeChunks = Math.floor(total / DEFAULT_CHUNK_SIZE);
  for (let group = 0; group < groups; group++) {
    const inGroup = Math.min(DEFAULT_GROUP_SIZE, chunks - group * DEFAULT_GROUP_SIZE);
    const whole = Array.from({ length: inGroup }, (_, i) => i).filter((i) => group * DEFAULT_GROUP_SIZE + i < wholeChunks);
    const item: Item = { [HASH_KEY]: S(groupKey(videoId, group)), [G.chunks]: NS(...Array.from({ length: inGroup }, (_, i) => i)), [G.registered]: BOOL(true), [G.updatedAt]: now };
    if (whole.length > 0) Object.assign(item, { [G.done]: NS(...whole), [G.failed]: NS(...whole) });
    yield item;
  }
  const wholeGroups = Array.from({ length: groups }, (_, g) => g).filter((g) => (g + 1) * DEFAULT_GROUP_SIZE <= wholeChunks);
  yield {
    [HASH_KEY]: S(videoId), [A.totalOf('manifest')]: { M: { Frames: N(total), Rate: N(30), At: now } }, [A.zeroSeen]: BOOL(true),
    [A.groups]: NS(...Array.from({ length: groups }, (_, g) => g)), ...(wholeGroups.length ? { [A.doneGroups]: NS(...wholeGroups), [A.failedGroups]: NS(...wholeGroups) } : {}),
    [A.outbox]: S(OUTBOX.reconcile), [A.outboxSince]: now, [A.startedAt]: now, [A.progressAt]: now,
  };
}

async function completionMemory(client: DynamoDBClient, endpoint: string, total: number, heapLimitMB?: number): Promise<void> {
  const videoId = `all-failed/${total}`;
  let batch: WriteRequest[] = [];
  const flush = async () => {
    for (let unprocessed = batch; unprocessed.length > 0; ) {
      const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [TABLE]: unprocessed } }));
      unprocessed = out.UnprocessedItems?.[TABLE] ?? [];
    }
    batch = [];
  };
  for (const item of allFailedItems(videoId, total)) {
    batch.push({ PutRequest: { Item: item } });
    if (batch.length === 25) await flush();
  }
  await flush();
  // Asynchronously: dynalite answers the child from this process's event loop.
  const script = join(__dirname, `child-completion${extname(__filename)}`);
  const limit = heapLimitMB === undefined ? [] : [`--max-old-space-size=${heapLimitMB}`];
  const { stdout } = await run(process.execPath, [...limit, ...process.execArgv, script, TABLE, videoId, String(total)], { ...process.env, AWS_ENDPOINT_URL_DYNAMODB: endpoint });
  const result = JSON.parse(stdout.trim().split('\n').pop() ?? '{}');
  console.log(
    `completion of ${total} failed frames${heapLimitMB === undefined ? '' : ` (old space capped at ${heapLimitMB} MB)`}: ${result.state}, ${result.failedFrames} failed in the record, ${(result.ms / 1000).toFixed(1)} s; ` +
      `peak RSS ${(result.peakKB / 1024).toFixed(1)} MB (${(result.beforeKB / 1024).toFixed(1)} MB before it), heap peak ${(result.heapPeakBytes / 2 ** 20).toFixed(1)} MB`,
  );
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ stdout: string }> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => (error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve({ stdout })));
  });
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exit(1);
});
