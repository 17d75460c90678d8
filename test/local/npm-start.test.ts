// `npm start` (scripts/local-stack.ts) run as a user runs it, in a child process.
import assert from 'node:assert/strict';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { constants as osConstants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { START_USAGE } from '../../src/local/args';
import { DEMO_VIDEO } from '../../src/local/demo-video';
import { INPUT_BUCKET, OUTPUT_BUCKET } from '../../src/local/buckets';
import { makeJpeg } from '../support/jpegs';
import { clientFor, generatedSamples, waitFor } from '../support/local-stack';
import { probeVideo } from '../support/media-probe';
import { objectExists } from '../support/s3-server';

const ROOT = join(__dirname, '..', '..');
const SCRIPT = ['--require', 'tsx/cjs', 'scripts/local-stack.ts'];

/** Lines that are JSON objects, parsed. */
function jsonLines(text: string): Array<Record<string, unknown>> {
  return text.split('\n').filter((line) => line.trimStart().startsWith('{')).map((line) => JSON.parse(line));
}

/** The status a shell shows for a child that ended: its code, or 128 + the signal that ended it. */
const shellStatus = (code: number | null, signal: NodeJS.Signals | null): number => code ?? 128 + osConstants.signals[signal!];

/**
 * Starts `command` (the script with `args` when not given) in a process group of its own; its output
 * so far (stdout and stderr) and a way to stop it like Ctrl-C in a terminal, which signals the
 * whole group (npm, its sh and node alike): the status a shell then shows.
 */
function start(args: string[], command = [process.execPath, ...SCRIPT]): { child: ChildProcess; output: () => string; interrupt: () => Promise<number> } {
  const child = spawn(command[0], [...command.slice(1), ...args], { cwd: ROOT, env: { PATH: process.env.PATH, HOME: process.env.HOME }, detached: true });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const interrupt = () => {
    const exited = new Promise<number>((resolve) => child.once('exit', (code, signal) => resolve(shellStatus(code, signal))));
    process.kill(-child.pid!, 'SIGINT');
    return exited;
  };
  return { child, output: () => output, interrupt };
}

/** Runs `command` in bash in `cwd`; its stdout (a failure rejects with its output). */
function runShell(command: string, cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', command], { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME }, timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${command}\n${stdout}${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Runs the script to its end with `args`; its exit code and output. */
function runToEnd(args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...SCRIPT, ...args], { cwd: ROOT, env: { PATH: process.env.PATH, ...env }, timeout: 30_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

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
    const data = join(dataDir, 'data');
    const stack = start(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', data, '--samples-dir', samples, '--no-demo', '--concurrency', '1']);
    child = stack.child;
    const endpoint = await waitFor(() => /S3 endpoint {4}(http:\/\/127\.0\.0\.1:\d+)/.exec(stack.output())?.[1], stack.output);
    const s3 = clientFor(endpoint);

    await waitFor(() => /uploaded 2 sample frames/.exec(stack.output())?.[0], stack.output);
    await s3.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'cli/frame.jpg', Body: makeJpeg(30, 20, 8) }));
    for (const key of ['clip-1/frame.0000000.jpg', 'clip-1/frame.0000001.jpg', 'cli/frame.jpg']) {
      await waitFor(async () => (await objectExists(s3, OUTPUT_BUCKET, key)) || undefined, stack.output);
    }
    await waitFor(() => /processed raw-frames\/cli\/frame\.jpg/.exec(stack.output())?.[0], stack.output);
    s3.destroy();
    const code = await stack.interrupt();

    const output = stack.output();
    assert.equal(code, 130);
    assert.match(output, /access key id S3RVER, secret access key S3RVER/);
    assert.match(output, /input bucket {3}raw-frames/);
    assert.match(output, /output bucket {2}processed-frames/);
    assert.match(output, /aws --endpoint-url http:\/\/127\.0\.0\.1:\d+ s3 cp frame\.jpg s3:\/\/raw-frames\//);
    assert.match(output, /processed raw-frames\/cli\/frame\.jpg -> processed-frames\/cli\/frame\.jpg/);
    assert.match(output, /3 invocations succeeded, 0 failed after retries/);
    assert.ok(output.includes(`handler logs   ${join(data, 'handler-log.jsonl')} (JSON lines`), output);
    assert.deepEqual(jsonLines(output), [], 'no JSON log line on the terminal');
    const logged = jsonLines(await readFile(join(data, 'handler-log.jsonl'), 'utf8'));
    const processed = logged.filter((line) => line.message === 'frame processed').map((line) => line.key);
    assert.deepEqual(processed.sort(), ['cli/frame.jpg', 'clip-1/frame.0000000.jpg', 'clip-1/frame.0000001.jpg']);
  });

  it("shows the handler's JSON logs on the terminal with --verbose", async () => {
    const data = join(dataDir, 'verbose');
    const stack = start(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', data, '--no-samples', '--concurrency', '1', '--verbose']);
    child = stack.child;
    const endpoint = await waitFor(() => /S3 endpoint {4}(http:\/\/127\.0\.0\.1:\d+)/.exec(stack.output())?.[1], stack.output);
    const s3 = clientFor(endpoint);

    await s3.send(new PutObjectCommand({ Bucket: INPUT_BUCKET, Key: 'loud/frame.jpg', Body: makeJpeg(30, 20, 9) }));
    await waitFor(() => jsonLines(stack.output()).find((line) => line.message === 'frame processed'), stack.output);
    s3.destroy();
    const code = await stack.interrupt();

    assert.equal(code, 130);
    assert.match(stack.output(), /handler logs {3}here/);
    assert.match(stack.output(), /processed raw-frames\/loud\/frame\.jpg/);
    assert.ok(jsonLines(stack.output()).some((line) => line.message === 'frame processed' && line.key === 'loud/frame.jpg'));
  });

  it("the banner's examples run as printed, with the AWS CLI: a frame with its index, and each of the three sources of its total completes the video", async function () {
    this.timeout(180_000);
    const data = join(dataDir, 'banner');
    const stack = start(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', data, '--no-samples', '--concurrency', '1']);
    child = stack.child;
    await waitFor(() => /Processing new uploads until Ctrl-C/.exec(stack.output())?.[0], stack.output);
    const banner = stack.output();
    const commands = banner.split('\n').map((line) => line.trim()).filter((line) => /^(export|aws|echo|AWS_ENDPOINT_URL_DYNAMODB=\S+ node) /.test(line));
    const exported = commands.find((line) => line.startsWith('export '))!;
    const upload = commands.find((line) => / s3 cp frame\.jpg /.test(line))!;
    const totals = [commands.find((line) => line.includes('capture.json'))!, commands.find((line) => line.includes(' events put-events '))!, commands.find((line) => line.includes(' dynamodb update-item '))!];
    assert.match(upload, /s3:\/\/raw-frames\/camera-1\/frame\.0000000\.jpg$/, 'the frame example has an index');
    const work = join(dataDir, 'banner-cli');
    await mkdir(work, { recursive: true });
    await writeFile(join(work, 'frame.jpg'), makeJpeg(32, 24, 1));
    const sh = (command: string, cwd = work) => runShell(`${exported} && ${command}`, cwd);
    for (const [i, total] of totals.entries()) {
      const videoId = `camera-${i + 1}`;
      const forVideo = (command: string) => command.replaceAll('camera-1', videoId);
      // The jobs table's total is set before the frame (the case whose video never completed);
      // the others after, as the banner lists them.
      if (i === 2) await sh(forVideo(total));
      await sh(forVideo(upload));
      if (i !== 2) await sh(forVideo(total));
      const source = ['manifest', 'mediaconvert', 'table'][i];
      await waitFor(() => new RegExp(`event Video Frames Processed: ${videoId} complete, 1 of 1 frames`).exec(stack.output())?.[0], stack.output, 60_000);
      const status = await sh(commands.find((line) => line.includes(' status camera-1 '))!.replaceAll('camera-1', videoId), ROOT);
      assert.match(status, new RegExp(`total {6}1 frames at 30 fps, from ${source}`));
    }
    const second = await runToEnd(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', data, '--no-samples']);
    assert.equal(second.code, 1);
    assert.deepEqual(second.stderr.trim().split('\n'), [`local stack failed to start: the data folder ${data} is in use by another npm start (process ${stack.child.pid}): stop it first, or give this one another --data-dir`]);
    assert.equal(await stack.interrupt(), 130);
  });

  it("runs the newcomer's demo as is: the sample frames, then the panning demo video stitched into a playable edges.mp4", async function () {
    this.timeout(180_000);
    const data = join(dataDir, 'demo');
    const stack = start(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', data]);
    child = stack.child;

    const file = await waitFor(() => /event Edge Video Created: demo-pan,[^\n]*\n[^\n]*\n {2}file: {2}(\S+)/.exec(stack.output())?.[1], stack.output, 150_000);
    const probed = await probeVideo(file);
    const code = await stack.interrupt();

    assert.equal(code, 130);
    assert.deepEqual([probed.codec, probed.frameCount, probed.avgFrameRate], ['h264', DEMO_VIDEO.frames, '30/1']);
    assert.ok(probed.frameCount / 30 >= 2, `the demo lasts ${probed.frameCount / 30} s`);
    assert.match(stack.output(), /watch: ffplay http:\/\/127\.0\.0\.1:\d+\/processed-frames\/demo-pan\/edges\.mp4/);
  });
});

describe('local stack: Ctrl-C', function () {
  this.timeout(120_000);
  let dataDir: string;
  before(async () => (dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-ctrl-c-'))));
  after(() => rm(dataDir, { recursive: true, force: true }));

  // npm passes on how its script ended; sh (dash) ends by SIGINT after its child whenever it got one.
  const launchers: Array<[string, string[]]> = [['npm start', ['npm', 'start', '--']], ['node dist/scripts/local-stack.js', [process.execPath, 'dist/scripts/local-stack.js']]];
  for (const [name, command] of launchers) {
    it(`stops ${name} cleanly, and the shell's status is 130, as for any program stopped by Ctrl-C`, async () => {
      const stack = start(['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', join(dataDir, name.split(' ')[0]), '--no-samples', '--no-demo'], command);
      try {
        await waitFor(() => /Processing new uploads until Ctrl-C/.exec(stack.output())?.[0], stack.output, 90_000);
        assert.equal(await stack.interrupt(), 130, stack.output());
        assert.match(stack.output(), /stopping: letting running invocations finish\.\.\.\n0 invocations succeeded, 0 failed after retries, 0 retried\n/);
      } finally {
        if (stack.child.exitCode === null && stack.child.signalCode === null) process.kill(-stack.child.pid!, 'SIGKILL');
      }
    });
  }
});

describe('local stack: `npm start` refusing to start', function () {
  this.timeout(60_000);

  it('prints one line naming the port and --port, and exits 1, when the port is taken', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'frame-processor-busy-'));
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      const result = await runToEnd(['--port', String(port), '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', dataDir, '--no-samples']);

      assert.equal(result.code, 1);
      assert.equal(result.stdout, '');
      assert.deepEqual(result.stderr.trim().split('\n'), [
        `local stack failed to start: cannot listen on 127.0.0.1:${port}: the port is in use (choose another port with --port N; --port 0 picks a free one)`,
      ]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('prints one line naming the setting and its value, and exits 1, for a bad stitch setting and a bad frame setting alike', async () => {
    const args = ['--port', '0', '--dynamo-port', '0', '--events-port', '0', '--ui-port', '0', '--data-dir', join(tmpdir(), 'frame-processor-never-started'), '--no-samples'];
    const settings: Array<Record<string, string>> = [{ STITCH_SEGMENT_FRAMES: '0' }, { STITCH_SEGMENT_FRAMES: 'ten' }, { BLUR_METHOD: 'quick' }];
    const results = await Promise.all(settings.map((env) => runToEnd(args, env)));

    const lines = results.map((result) => {
      assert.equal(result.code, 1, result.stdout + result.stderr);
      assert.equal(result.stdout, '');
      return result.stderr.trim().split('\n');
    });
    assert.deepEqual(lines, [
      ['local stack failed to start: STITCH_SEGMENT_FRAMES="0": must be an integer from 1 to 100000'],
      ['local stack failed to start: STITCH_SEGMENT_FRAMES="ten": must be an integer from 1 to 100000'],
      ['local stack failed to start: BLUR_METHOD="quick": must be one of exact, fast'],
    ]);
  });

  it('exits 2 with the reason and the usage for an unknown option, or a samples folder that does not exist', async () => {
    const missing = join(tmpdir(), 'frame-processor-no-such-samples');
    const [unknown, nowhere] = await Promise.all([runToEnd(['--prot', '4570']), runToEnd(['--port', '0', '--samples-dir', missing])]);

    for (const result of [unknown, nowhere]) {
      assert.equal(result.code, 2, result.stdout + result.stderr);
      assert.ok(result.stderr.endsWith(`\n\n${START_USAGE}\n`), result.stderr);
      assert.equal(result.stdout, '');
    }
    assert.match(unknown.stderr, /^npm start: Unknown option '--prot'/);
    assert.match(nowhere.stderr, /^npm start: --samples-dir .*frame-processor-no-such-samples: no such folder/);
  });

  it('prints the usage for --help and exits 0', async () => {
    const result = await runToEnd(['--help']);

    assert.deepEqual(result, { code: 0, stdout: `${START_USAGE}\n`, stderr: '' });
  });
});
