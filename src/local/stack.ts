// The product on this machine, no AWS account needed: a real S3-compatible server on
// 127.0.0.1 with the buckets raw-frames and processed-frames, and every object created in
// raw-frames delivered to the real Lambda handler with the event S3 would send.
import { availableParallelism } from 'node:os';
import { createWriteStream } from 'node:fs';
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeEventKey } from '../lambda/s3-event';
import { INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET } from './buckets';
import { LocalInvoker, type InvocationResult } from './invoker';
import { uploadSamples } from './sample-uploader';
import { asS3Event, type S3rverRecord } from './s3rver-events';
import { S3RVER_CREDENTIALS, startS3Server } from './s3-server';

export interface LocalStackOptions {
  port: number;
  host?: string;
  /** Buckets and objects live here (kept between runs). */
  dataDir: string;
  /** Invocations running at once (worker threads). */
  concurrency?: number;
  /** Retries of a failed invocation, and the wait before the first (doubled for the second). */
  retries?: number;
  retryDelayMs?: number;
  /** The environment the handler's settings come from (BLUR_MODIFIER, OUTPUT_FORMAT, LOG_LEVEL...). */
  env?: Record<string, string | undefined>;
  /** Where the stack's own lines go. */
  print?: (line: string) => void;
  /** A file the handler's output (its JSON log lines) is appended to; this process's stdout when not given. */
  handlerLog?: string;
}

export interface LocalStack {
  endpoint: string;
  port: number;
  /** Uploads every .jpg/.jpeg under `dir` to raw-frames (key = path relative to `dir`), which triggers them; returns the keys. */
  uploadSamples(dir: string): Promise<string[]>;
  stats: { invocations: number; succeeded: number; failed: number; retried: number };
  /** Resolves once every event so far has been handled (including retries). */
  idle(): Promise<void>;
  /** Lets running invocations finish, then stops; returns the number of queued events left unprocessed. */
  close(): Promise<number>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const print = options.print ?? ((line: string) => console.log(line));
  const s3 = await startS3Server({ host: options.host, port: options.port, directory: options.dataDir, buckets: [INPUT_BUCKET, OUTPUT_BUCKET] });
  const stats = { invocations: 0, succeeded: 0, failed: 0, retried: 0 };
  const failedLog = join(options.dataDir, 'failed-events.jsonl');
  const handlerOutput = options.handlerLog === undefined ? undefined : createWriteStream(options.handlerLog, { flags: 'a' });
  handlerOutput?.on('error', (error) => print(`the handler's log cannot be written: ${error.message}`));
  const closeHandlerLog = () => new Promise<void>((resolve) => (handlerOutput ? handlerOutput.end(() => resolve()) : resolve()));
  let invoker: LocalInvoker;
  try {
    invoker = await LocalInvoker.start({
      concurrency: options.concurrency ?? defaultConcurrency(),
      env: handlerEnv(options.env ?? process.env, s3.endpoint),
      handlerOutput,
      retries: options.retries ?? 2,
      retryDelayMs: options.retryDelayMs ?? 1000,
      timeoutMs: 120_000,
      onResult: (result) => {
        count(stats, result);
        print(describeResult(result));
        if (result.final) void appendFile(failedLog, JSON.stringify({ event: result.event, error: result.message }) + '\n');
      },
    });
  } catch (error) {
    await Promise.all([s3.close(), closeHandlerLog()]);
    throw error;
  }
  s3.server.on('event', (event) => {
    for (const record of event.Records as S3rverRecord[]) {
      if (record.eventName.startsWith('ObjectCreated:') && record.s3.bucket.name === INPUT_BUCKET) invoker.enqueue(asS3Event(record));
    }
  });
  return {
    endpoint: s3.endpoint,
    port: s3.port,
    uploadSamples: (dir) => uploadSamples(s3.endpoint, dir),
    stats,
    idle: () => invoker.idle(),
    async close() {
      const left = await invoker.close();
      await Promise.all([s3.close(), closeHandlerLog()]);
      return left;
    },
  };
}

/** The handler's environment: the caller's settings, pointed at the local server and its buckets. */
function handlerEnv(env: Record<string, string | undefined>, endpoint: string): Record<string, string> {
  const merged: Record<string, string | undefined> = {
    POWERTOOLS_METRICS_DISABLED: 'true', // no CloudWatch here; POWERTOOLS_METRICS_DISABLED=false prints the EMF lines
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', // Lambda runs Node 22; a local Node 20 is fine
    ...env,
    OUTPUT_BUCKET,
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_REGION: LOCAL_REGION,
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
  };
  return Object.fromEntries(Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

function defaultConcurrency(): number {
  return Math.max(1, Math.min(4, availableParallelism() - 1));
}

function count(stats: LocalStack['stats'], result: InvocationResult): void {
  stats.invocations++;
  if (result.ok) stats.succeeded++;
  else if (result.final) stats.failed++;
  else stats.retried++;
}

function describeResult(result: InvocationResult): string {
  const where = `${INPUT_BUCKET}/${decodeEventKey(result.event.Records[0].s3.object.key)}`;
  if (result.ok) {
    const outputs = result.outputKeys?.map((key) => `${OUTPUT_BUCKET}/${key}`).join(', ');
    return outputs ? `processed ${where} -> ${outputs} (${result.ms} ms)` : `skipped ${where} (not a .jpg/.jpeg key)`;
  }
  const next = result.final ? 'no retries left, written to failed-events.jsonl' : 'will retry';
  return `FAILED ${where} (attempt ${result.attempt + 1}, ${next}):\n${result.message}`;
}
