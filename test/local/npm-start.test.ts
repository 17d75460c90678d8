// `npm start` (scripts/local-stack.ts) run as a user runs it, in a child process.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { makeJpeg } from '../support/jpegs';
import { clientFor, generatedSamples, waitFor } from '../support/local-stack';
import { objectExists } from '../support/s3-server';

const ROOT = join(__dirname, '..', '..');

describe('local stack: `npm start` script', function () {
  this.timeout(60_000);
  let child: ChildProcess | undefined;
  let dataDir: string;

  before(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-start-'));
  });
  after(async () => {
    child?.kill('SIGKILL');
    await rm(dataDir, { recursive: true, force: true });
  });

  it('prints the endpoint, buckets and credentials, processes the samples and new uploads, and stops cleanly on Ctrl-C', async () => {
    const samples = await generatedSamples(dataDir);
    const args = ['--port', '0', '--data-dir', join(dataDir, 'data'), '--samples-dir', samples, '--concurrency', '1'];
    child = spawn(process.execPath, ['--require', 'tsx/cjs', 'scripts/local-stack.ts', ...args], { cwd: ROOT, env: { PATH: process.env.PATH } });
    let output = '';
    child.stdout!.on('data', (chunk) => (output += chunk));
    child.stderr!.on('data', (chunk) => (output += chunk));
    const endpoint = await waitFor(() => /S3 endpoint {4}(http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1], () => output);
    const s3 = clientFor(endpoint);

    await waitFor(() => /uploaded 2 sample frames/.exec(output)?.[0], () => output);
    await s3.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'cli/frame.jpg', Body: makeJpeg(30, 20, 8) }));
    for (const key of ['clip-1/frame.0000000.jpg', 'clip-1/frame.0000001.jpg', 'cli/frame.jpg']) {
      await waitFor(async () => (await objectExists(s3, OUTPUT_BUCKET, key)) || undefined, () => output);
    }
    await waitFor(() => /processed raw-frames\/cli\/frame\.jpg/.exec(output)?.[0], () => output);
    s3.destroy();
    child.kill('SIGINT');
    const code = await new Promise((resolve) => child!.once('exit', resolve));

    assert.equal(code, 0);
    assert.match(output, /access key id S3RVER, secret access key S3RVER/);
    assert.match(output, /input bucket {3}raw-frames/);
    assert.match(output, /output bucket {2}processed-frames/);
    assert.match(output, /aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ s3 cp frame\.jpg s3:\/\/raw-frames\//);
    assert.match(output, /processed raw-frames\/cli\/frame\.jpg -> processed-frames\/cli\/frame\.jpg/);
    assert.match(output, /3 invocations succeeded, 0 failed after retries/);
  });
});
