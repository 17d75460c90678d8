// The command line on S3 against its baseline on files, in the same run: copies of one frame in a
// folder and in a bucket of the local S3 server (s3rver on loopback, in this process), each
// processed by the real CLI at the same concurrency; then the same S3 run again, which skips every
// frame (one HEAD each). A ratio, since loopback S3 is not S3 in a region.
import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { LOCAL_REGION } from '../src/local/buckets';
import { S3RVER_CREDENTIALS, startS3Server } from '../src/local/s3-server';
import { cliCommand } from './cli-throughput';

export interface CliS3Run {
  frames: number;
  concurrency: number;
  /** Frames/s from the CLI's summary line: folder to folder, the baseline. */
  filesFramesPerSecond: number;
  /** Frames/s from the summary line: bucket to bucket on the loopback S3 server. */
  s3FramesPerSecond: number;
  /** The second S3 run: every output already there with the same source and settings. */
  skipRun: { skipped: number; seconds: number };
}

interface Summary { frames: number; skipped: number; failed: number; seconds: number; framesPerSecond: number }

export async function measureCliS3(framePath: string, copies: number, concurrency: number): Promise<CliS3Run> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cli-s3-'));
  const server = await startS3Server({ port: 0, directory: join(dir, 's3'), buckets: ['bench-in', 'bench-out'] });
  try {
    const input = join(dir, 'in');
    mkdirSync(input);
    const names = Array.from({ length: copies }, (_, i) => `video/frame.${String(i).padStart(7, '0')}.jpg`);
    for (const name of names) copyFileSync(framePath, join(input, name.replace('/', '-')));
    await uploadCopies(server.endpoint, readFileSync(framePath), names);
    const env = s3Environment(server.endpoint);
    const files = await runCli([input, '--out', join(dir, 'out'), '--concurrency', String(concurrency)], env);
    const s3Args = ['s3://bench-in/video', '--out', 's3://bench-out/', '--concurrency', String(concurrency)];
    const s3 = await runCli(s3Args, env);
    const again = await runCli(s3Args, env);
    for (const [what, run, skipped] of [['files', files, 0], ['S3', s3, 0], ['S3 again', again, copies]] as const) {
      if (run.frames !== copies || run.failed !== 0 || run.skipped !== skipped) throw new Error(`${what}: unexpected summary ${JSON.stringify(run)}`);
    }
    return { frames: copies, concurrency, filesFramesPerSecond: files.framesPerSecond, s3FramesPerSecond: s3.framesPerSecond, skipRun: { skipped: again.skipped, seconds: again.seconds } };
  } finally {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function uploadCopies(endpoint: string, bytes: Buffer, keys: string[]): Promise<void> {
  const s3 = new S3Client({ endpoint, region: LOCAL_REGION, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
  try {
    for (const key of keys) await s3.send(new PutObjectCommand({ Bucket: 'bench-in', Key: key, Body: bytes }));
  } finally {
    s3.destroy();
  }
}

function s3Environment(endpoint: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    AWS_REGION: LOCAL_REGION,
  };
}

/** Runs the CLI without blocking this process's event loop, which serves the S3 server. */
function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Summary> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, [...cliCommand(), ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const match = /frames: (\d+), skipped: (\d+), failed: (\d+), seconds: ([0-9.]+), frames\/s: ([0-9.]+)/.exec(out);
      if (code !== 0 || !match) return reject(new Error(`the CLI exited with ${code} after ${((performance.now() - started) / 1000).toFixed(1)} s: ${out.trim()}`));
      const [frames, skipped, failed, seconds, framesPerSecond] = match.slice(1).map(Number);
      resolve({ frames, skipped, failed, seconds, framesPerSecond });
    });
  });
}
