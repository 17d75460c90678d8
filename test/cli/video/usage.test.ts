// `frame-processor video` refusing a bad command line or input before any work: one line naming the
// option, file or reason, the usage, exit 2, and nothing written. --help prints the usage. And
// Ctrl-C: the run stops, says so, exits 130 and leaves nothing behind.
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FPS_RULE, parseVideoArgs, VIDEO_USAGE } from '../../../src/cli/video/args';
import { UsageError } from '../../../src/core/errors';
import { BLUR_MODIFIER_RULES, describeRule } from '../../../src/core/settings';
import { QP_RULE } from '../../../src/video/stitch/settings';
import { CliProcess, runCli, stderrLines, tempFolder, waitFor, writePreload } from '../../support/cli';
import { frameName, writeVideoFrames } from '../../support/moving-frames';
import { makeJpeg } from '../../support/jpegs';

describe('frame-processor video: usage errors and Ctrl-C', function () {
  this.timeout(60_000);
  let dir: string;
  let input: string;
  let out: string;
  beforeEach(() => {
    dir = tempFolder('fp-video-usage-');
    input = writeVideoFrames(join(dir, 'clip'), [makeJpeg(34, 20, 1), makeJpeg(34, 20, 2)]);
    out = join(dir, 'out', 'edges.mp4');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Exit 2, one line matching `reason` (with `frame-processor: ` before it), the usage after it, no output. */
  function assertRefused(args: string[], reason: string | RegExp): void {
    const run = runCli(['video', ...args]);
    assert.equal(run.code, 2, run.stderr);
    assert.equal(run.stdout, '');
    assert.ok(run.stderr.endsWith(`${VIDEO_USAGE}\n`), run.stderr);
    const lines = stderrLines(run);
    assert.equal(lines.length, 1, run.stderr);
    if (typeof reason === 'string') assert.equal(lines[0], `frame-processor: ${reason}`);
    else assert.match(lines[0], reason);
    assert.deepEqual(readdirSync(dir).sort(), ['clip']);
  }

  it('prints the usage for --help, and names the command in the frame command\'s usage', () => {
    const help = runCli(['video', '--help']);
    assert.equal(help.code, 0);
    assert.equal(help.stdout, `${VIDEO_USAGE}\n`);
    assert.match(runCli(['--help']).stdout, /\n {7}frame-processor video <folder\|s3:\/\/bucket\/prefix> --out <file\.mp4\|s3:\/\/bucket\/key\.mp4> /);
  });

  it('refuses bad options, naming each: in the process as parsed, and as a run prints them', () => {
    const cases: Array<[string[], string | RegExp]> = [
      [[], 'no input given: a folder or s3://bucket/prefix of one video\'s frames'],
      [[input], '--out <file.mp4|s3://bucket/key.mp4> is required'],
      [[input, input, '--out', out], `one input only (one video's frames), got 2: ${input} ${input}`],
      [[input, '--out', join(dir, 'edges')], `--out ${join(dir, 'edges')}: the edge video is an MP4: give a name ending in .mp4`],
      [[input, '--out', 's3://Not_A_Bucket/x.mp4'], '--out s3://Not_A_Bucket/x.mp4: "Not_A_Bucket" is not an S3 bucket name (3-63 characters: a-z, 0-9, dots and hyphens)'],
      [[input, '--out', 's3://bucket.mp4'], '--out s3://bucket.mp4: no object key after the bucket (write s3://bucket.mp4/<key>.mp4)'],
      [[input, '--out', out, '--qp', '52'], `--qp must be ${describeRule(QP_RULE)}, got "52"`],
      [[input, '--out', out, '--fps', '0'], `--fps must be ${describeRule(FPS_RULE)}, got "0"`],
      [[input, '--out', out, '--fps', '-30'], `--fps must be ${describeRule(FPS_RULE)}, got "-30" (a negative value is invalid)`],
      [[input, '--out', out, '--blur-modifier', '47'], `--blur-modifier must be ${describeRule(BLUR_MODIFIER_RULES.fast)}, got "47"`],
      [[input, '--out', out, '--blur-method', 'exact', '--blur-modifier', '13'], '--blur-modifier must be a finite number >= 0 and <= 12 with --blur-method exact, got "13" (--blur-method fast takes it)'],
      [[input, '--out', out, '--blur-method', 'sharp'], '--blur-method must be exact or fast, got "sharp"'],
      [[input, '--out', out, '--concurrency', '0'], /^--concurrency must be an integer from 1 to \d+, got "0"$/],
      [[input, '--out', out, '--dump-yuv', out], `--dump-yuv ${out} is the --out file`],
      [[input, '--out', out, '--quality', '80'], /^Unknown option '--quality'/],
    ];
    for (const [args, reason] of cases) {
      const message = attempt(args);
      if (typeof reason === 'string') assert.equal(message, reason);
      else assert.match(message, reason);
    }
    assertRefused([input, '--out', out, '--qp', '52'], `--qp must be ${describeRule(QP_RULE)}, got "52"`);
    assertRefused([input, '--out', join(dir, 'edges')], `--out ${join(dir, 'edges')}: the edge video is an MP4: give a name ending in .mp4`);
  });

  it('refuses an input that is not one video\'s frames, naming it', () => {
    const missing = join(dir, 'nowhere');
    assertRefused([missing, '--out', out], `input not found: ${missing}`);
    assertRefused([join(input, frameName(0)), '--out', out], `input ${join(input, frameName(0))} is a file: give the folder holding one video's frames`);
    const empty = join(dir, 'clip', 'deeper');
    mkdirSync(empty);
    writeFileSync(join(empty, 'poster.jpg'), makeJpeg(20, 20, 3));
    assertRefused([empty, '--out', out], `input ${empty} holds no frame named <name>.<index>.jpg|jpeg`);
    assertRefused([empty, '--out', out, '--edge-maps'], `input ${empty} holds no edge map named <name>.<index>.jpg|jpeg|png`);
    rmSync(empty, { recursive: true });
    writeFileSync(join(input, 'capture.json'), '{"totalFrames": 2, "frameRate": "fast"}');
    assertRefused([input, '--out', out], `${join(input, 'capture.json')}: frameRate is a string "fast", not a number`);
    writeFileSync(join(input, 'capture.json'), '{"totalFrames": 0}');
    assertRefused([input, '--out', out], `${join(input, 'capture.json')} says totalFrames 0: the video has no frames`);
  });

  it('refuses an --out or --dump-yuv that is a folder', () => {
    mkdirSync(join(dir, 'clip', 'taken.mp4'));
    assertRefused([input, '--out', join(input, 'taken.mp4')], `--out ${join(input, 'taken.mp4')} is a folder: give the file to write`);
    assertRefused([input, '--out', out, '--dump-yuv', input], `--dump-yuv ${input} is a folder: give the file to write`);
  });

  it('Ctrl-C stops the run: it says so, prints the summary, exits 130 and leaves no file behind', async () => {
    const frames = Array.from({ length: 40 }, (_, i) => makeJpeg(34, 20, i + 1));
    const slow = writeVideoFrames(join(dir, 'slow'), frames);
    // Every frame read waits 100 ms: the run is still reading frames when the signal comes.
    const preload = writePreload(dir, 'slow-read', "const fsp = require('node:fs/promises');\nconst read = fsp.readFile;\nfsp.readFile = (...args) => new Promise((resolve) => setTimeout(resolve, 100)).then(() => read(...args));\n");
    const target = join(dir, 'stopped');
    const cli = new CliProcess(['video', slow, '--out', join(target, 'edges.mp4'), '--dump-yuv', join(target, 'edges.yuv'), '-j', '2'], { preload });
    await waitFor('the run to start writing', () => readdirSync(dir).includes('stopped') && readdirSync(target).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    cli.child.kill('SIGINT');
    const run = await cli.ended;
    assert.equal(run.code, 130, run.stderr);
    assert.deepEqual(stderrLines(run), ['frame-processor: interrupted: stopping']);
    assert.match(run.stdout, /^video: none, frames: 40, filled: 0, failed: 0, seconds: [\d.]+, frames\/s: 0\.0\n$/);
    assert.deepEqual(readdirSync(target), []);
  });
});

/** The message of the UsageError that parsing `args` throws. */
function attempt(args: string[]): string {
  try {
    parseVideoArgs(args);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${args.join(' ')} was accepted`);
}
