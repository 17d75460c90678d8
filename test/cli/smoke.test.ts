// `frame-processor smoke` against the local stack (`npm start`), with the command a user runs after
// a deploy (the stack's outputs from the file the local stack writes instead of CloudFormation):
// every step arrives and is checked, what it made is removed; a stack that never makes the edge
// maps fails it at the timeout, naming the step and what it never reached; bad options exit 2.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsCommand, type S3Client } from '@aws-sdk/client-s3';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { STACK_OUTPUTS_FILE } from '../../src/local/stack-outputs';
import { assertFreshBuild } from '../support/build-freshness';
import { clientFor, waitFor } from '../support/local-stack';

const ROOT = join(__dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

function smoke(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const env = { PATH: process.env.PATH, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    execFile(process.execPath, [CLI, 'smoke', ...args], { cwd: ROOT, env, timeout: 180_000 }, (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }));
  });
}

async function keysUnder(s3: S3Client, bucket: string, prefix: string): Promise<string[]> {
  const page = await s3.send(new ListObjectsCommand({ Bucket: bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((object) => object.Key ?? '');
}

describe('frame-processor smoke, against the local stack', function () {
  this.timeout(240_000);
  let stack: ChildProcess | undefined;
  let dataDir = '';
  let outputsFile = '';
  let s3: S3Client;

  before(async () => {
    assertFreshBuild('dist');
    dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-smoke-'));
    stack = spawn(process.execPath, ['--require', 'tsx/cjs', 'scripts/local-stack.ts', '--port', '0', '--dynamo-port', '0', '--data-dir', dataDir, '--no-samples'], { cwd: ROOT, env: { PATH: process.env.PATH } });
    let output = '';
    stack.stdout!.on('data', (chunk) => (output += chunk));
    stack.stderr!.on('data', (chunk) => (output += chunk));
    const endpoint = await waitFor(() => /S3 endpoint +(\S+)/.exec(output)?.[1], () => output, 60_000);
    await waitFor(() => (output.includes('Processing new uploads') ? true : undefined), () => output, 60_000);
    outputsFile = join(dataDir, STACK_OUTPUTS_FILE);
    s3 = clientFor(endpoint);
  });
  after(async () => {
    s3?.destroy();
    stack?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('passes: edge maps, video.json, the event delivered and edges.mp4 each arrive and are checked, with their times; nothing is left behind', async () => {
    const run = await smoke(['--outputs', outputsFile]);

    assert.equal(run.code, 0, run.stdout + run.stderr);
    const videoId = /to s3:\/\/raw-frames\/(smoke-[^/]+)\//.exec(run.stdout)?.[1];
    assert.ok(videoId, run.stdout);
    const step = (text: string) => new RegExp(`^smoke: ${text} \\(\\d+\\.\\d s; \\d+\\.\\d s from the start\\)$`, 'm');
    assert.match(run.stdout, step(`edge maps: 12 of 12 in s3://processed-frames/${videoId}/, each a 158x94 greyscale JPEG`));
    assert.match(run.stdout, step('video.json: complete, 12 of 12 frames processed, none failed'));
    assert.match(run.stdout, step(`the event delivered: "Video Frames Processed" reached the edge video's planner: 1 segment\\(s\\) planned`));
    assert.match(run.stdout, step(`edges.mp4: 12 frames, \\d+ bytes, in s3://processed-frames/${videoId}/edges.mp4`));
    assert.match(run.stdout, /^smoke: removed 13 uploaded objects from .*, 14 objects from .*, its 3 items from the table frame-tracking$/m);
    assert.match(run.stdout, /^smoke: PASS: everything arrived in \d+\.\d s$/m);
    assert.deepEqual([await keysUnder(s3, INPUT_BUCKET, `${videoId}/`), await keysUnder(s3, OUTPUT_BUCKET, `${videoId}/`)], [[], []]);
  });

  async function outputsWith(name: string, change: (outputs: Record<string, string>) => void): Promise<string> {
    const file = JSON.parse(await readFile(outputsFile, 'utf8'));
    change(file.Outputs);
    const path = join(dataDir, name);
    await writeFile(path, JSON.stringify(file));
    return path;
  }

  it('fails at the timeout when the edge maps never arrive, naming the step and the steps not reached, and still removes its upload', async () => {
    // A bucket the stack does not watch, standing for an input bucket whose trigger is missing.
    await s3.send(new CreateBucketCommand({ Bucket: 'not-watched' }));
    const outputs = await outputsWith('unwatched-outputs.json', (outputs) => (outputs.InputBucketName = 'not-watched'));

    const run = await smoke(['--outputs', outputs, '--timeout', '3']);

    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^smoke: FAILED: edge maps: not there before the timeout; not reached: video\.json, the event delivered, edges\.mp4 \(/m);
    assert.match(run.stdout, /^smoke: FAIL after \d+\.\d s$/m);
    const videoId = /to s3:\/\/not-watched\/(smoke-[^/]+)\//.exec(run.stdout)![1];
    assert.deepEqual(await keysUnder(s3, 'not-watched', `${videoId}/`), []);
  });

  it('fails at once, saying why, when what arrives is not an edge map', async () => {
    // The input bucket as the "output": its frames are found where edge maps should be, 2 pixels too large.
    const outputs = await outputsWith('same-bucket-outputs.json', (outputs) => (outputs.OutputBucketName = INPUT_BUCKET));

    const run = await smoke(['--outputs', outputs]);

    assert.equal(run.code, 1, run.stdout);
    assert.match(run.stdout, /^smoke: FAILED: edge maps: smoke-[^/]+\/frame\.0000000\.jpg: a 160x96 grey jpeg, not a 158x94 grey edge map \(/m);
  });

  it('exits 2 with the usage for an outputs file that is not there, and for two targets at once', async () => {
    const missing = await smoke(['--outputs', join(dataDir, 'no-such.json')]);
    const both = await smoke(['--stage', 'prod', '--outputs', outputsFile]);

    assert.equal(missing.code, 2);
    assert.match(missing.stdout, /--outputs .*no-such\.json: no such file \(npm start writes <data-dir>\/stack-outputs\.json\)/);
    assert.equal(both.code, 2);
    assert.match(both.stdout, /smoke: --stage and --outputs exclude each other/);
    assert.match(both.stdout, /^usage: frame-processor smoke/m);
  });
});
