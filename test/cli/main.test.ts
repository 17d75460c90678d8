// The command line, run as a user runs it: `node dist/src/cli/main.js` in a child process.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decode } from 'jpeg-js';
import { runCli } from '../support/cli';
import { makeJpeg } from '../support/jpegs';

const cli = (...args: string[]) => runCli(args);

describe('frame-processor CLI', () => {
  let dir: string;
  let input: string;
  let out: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fp-cli-'));
    input = join(dir, 'in');
    out = join(dir, 'out');
    mkdirSync(join(input, 'shot 1', 'deep'), { recursive: true });
    writeFileSync(join(input, 'a.jpg'), makeJpeg(40, 30, 1));
    writeFileSync(join(input, 'shot 1', 'b.JPEG'), makeJpeg(33, 17, 2));
    writeFileSync(join(input, 'shot 1', 'deep', 'c.jpeg'), makeJpeg(64, 48, 3));
    writeFileSync(join(input, 'notes.txt'), 'not a frame');
  });

  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('processes a directory recursively into mirrored greyscale JPEGs', () => {
    const run = cli(input, '--out', out, '--concurrency', '1');
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /^frames: 3, skipped: 0, failed: 0, seconds: [\d.]+, frames\/s: [\d.]+\n$/);
    const frame = decode(readFileSync(join(out, 'shot 1', 'deep', 'c.jpeg')));
    assert.deepEqual([frame.width, frame.height], [62, 46]);
    assert.ok(existsSync(join(out, 'a.jpg')) && existsSync(join(out, 'shot 1', 'b.JPEG')));
    assert.ok(!existsSync(join(out, 'notes.txt')));
  });

  it('writes lossless PNGs with --format png, with worker threads', () => {
    const single = join(dir, 'single.jpg');
    writeFileSync(single, makeJpeg(20, 10, 4));
    const run = cli(input, single, '--out', out, '--format', 'png', '--concurrency', '2');
    assert.equal(run.code, 0, run.stderr);
    const png = readFileSync(join(out, 'shot 1', 'b.JPEG.png')); // edgeMapName: only a lower-case .jpg is replaced
    assert.equal(png.subarray(1, 4).toString(), 'PNG');
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [31, 15]);
    assert.deepEqual(readdirSync(out).sort(), ['a.png', 'shot 1', 'single.png']);
  });

  it('reports a failing file on one stderr line, writes the others, exits 1', () => {
    writeFileSync(join(input, 'broken.jpg'), 'this is text');
    const run = cli(input, '--out', out, '--concurrency', '2');
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `frame-processor: ${join(input, 'broken.jpg')}: not a JPEG (starts with 0x74686973 instead of the SOI marker 0xFFD8)\n`);
    assert.match(run.stdout, /^frames: 4, skipped: 0, failed: 1,/);
    assert.ok(existsSync(join(out, 'a.jpg')));
    assert.ok(!existsSync(join(out, 'broken.jpg')));
  });

  it('refuses a frame smaller than 3x3 by name', () => {
    const tiny = join(dir, 'tiny.jpg');
    writeFileSync(tiny, makeJpeg(2, 2));
    const run = cli(tiny, '--out', out);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /tiny\.jpg: image is 2x2, too small/);
  });

  for (const [what, args, message] of [
    ['no input', ['--out', 'x'], /no input given/],
    ['no --out', ['a.jpg'], /--out <dir\|s3:\/\/bucket\/prefix> is required/],
    ['a negative blur modifier', ['a.jpg', '--out', 'x', '--blur-modifier=-1'], /--blur-modifier must be a finite number >= 0 and <= 46, got "-1"/],
    ['a non-numeric blur modifier', ['a.jpg', '--out', 'x', '--blur-modifier', 'lots'], /--blur-modifier must be/],
    ['quality 0', ['a.jpg', '--out', 'x', '--quality', '0'], /--quality must be an integer from 1 to 100, got "0"/],
    ['a hexadecimal quality (refused as the Lambda configuration refuses it)', ['a.jpg', '--out', 'x', '--quality', '0x10'], /--quality must be an integer from 1 to 100, got "0x10"/],
    ['an empty concurrency', ['a.jpg', '--out', 'x', '--concurrency', ''], /--concurrency must be an integer from 1 to 256, got ""/],
    ['an unknown format', ['a.jpg', '--out', 'x', '--format', 'gif'], /--format must be jpeg or png, got "gif"/],
    ['an unknown option', ['a.jpg', '--out', 'x', '--fast'], /Unknown option '--fast'/],
    ['a missing input', ['does-not-exist.jpg', '--out', 'x'], /input not found: does-not-exist\.jpg/],
  ] as const) {
    it(`exits 2 with the usage for ${what}`, () => {
      const run = cli(...args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /usage: frame-processor/);
    });
  }
});
