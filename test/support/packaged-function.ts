// The function as deployed: `serverless package` (osls, offline: support/serverless.ts), once per
// test process however many test files ask for it, and its zip unpacked and invoked in a
// fresh Node process (outside the repository: no node_modules to fall back on), as Lambda runs it.
import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { promisify } from 'node:util';
import type { S3Event } from 'aws-lambda';
import { S3RVER_CREDENTIALS } from '../../src/local/s3-server';
import { assertFreshBuild } from './build-freshness';
import type { NodeRuntime } from './node22';
import { DEFAULT_PARAMS, offlineEnv, packageStack, type Template } from './serverless';
import { unzip } from './unzip';

const run = promisify(execFile);

/** The parameters the package is made with. */
export const PACKAGE = DEFAULT_PARAMS;

export interface PackagedFunction {
  /** The CloudFormation template serverless wrote. */
  template: Template;
  /** The frame function's own bundle (package.individually: one zip per function). */
  zip: string;
  /** The folder with every function's zip, `<functionName>.zip`. */
  dir: string;
  /** What `serverless package` printed on stderr (its warnings). */
  stderr: string;
}

/** Packages the function with the default parameters (shared with the other deploy tests). */
export async function packageFunction(): Promise<PackagedFunction> {
  // The bundle embeds src/wasm/generated: a stale module would be packaged and tested.
  assertFreshBuild('wasm');
  const { dir, template, stderr } = await packageStack(DEFAULT_PARAMS);
  return { template, zip: join(dir, 'processFrame.zip'), dir, stderr };
}

/** The zip unpacked in a fresh folder, with a small invoker beside the handler. */
export async function unpackBundle(zip: string): Promise<{ dir: string; entries: string[] }> {
  const dir = await mkdtemp(join(tmpdir(), 'frame-processor-bundle-'));
  const entries = unzip(zip, dir);
  await writeFile(join(dir, 'invoke.js'), INVOKER);
  return { dir, entries };
}

export interface Invocation {
  ok: boolean;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Invokes the unpacked handler on `runtime` with `event`, against the S3 server at `endpoint`. */
export async function invokeBundle(bundleDir: string, runtime: NodeRuntime, event: S3Event, endpoint: string, env: Record<string, string> = {}): Promise<Invocation> {
  const processEnv = {
    ...offlineEnv(),
    OUTPUT_BUCKET: PACKAGE.outputBucket,
    AWS_ENDPOINT_URL_S3: endpoint,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
    NODE_OPTIONS: '--enable-source-maps',
    ...runtime.env,
    ...env,
  };
  const started = performance.now();
  const args = [...runtime.prefix, 'invoke.js', JSON.stringify(event)];
  const finish = (ok: boolean, out: { stdout: string; stderr: string }) => ({ ok, stdout: out.stdout, stderr: out.stderr, seconds: (performance.now() - started) / 1000 });
  try {
    return finish(true, await run(runtime.command, args, { cwd: bundleDir, env: processEnv, maxBuffer: 16 * 1024 * 1024 }));
  } catch (error) {
    const failed = error as Error & { stdout?: string; stderr?: string };
    return finish(false, { stdout: failed.stdout ?? '', stderr: failed.stderr || failed.message });
  }
}

/** What Lambda's Node runtime does, reduced: load the handler module once, call it with the event. */
const INVOKER = `
const { handler } = require('./src/lambda/handler.js');
const context = { awsRequestId: 'test', functionName: 'frame-processor-ci-processFrame', getRemainingTimeInMillis: () => 120000 };
handler(JSON.parse(process.argv[2]), context).then(
  () => undefined,
  (error) => { console.error(error.name + ': ' + error.message); process.exitCode = 1; },
);
`;
