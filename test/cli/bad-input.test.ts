// Bad input through the command line, as a user runs it: one stderr line per bad frame naming the
// file, the good frames written, and every frame decoded or refused within the CLI's memory bound.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as bad from '../support/bad-jpegs';
import { CLI_MAIN } from '../support/cli';
import { flatBaselineJpeg, flatProgressiveJpeg } from '../support/jpeg-writer';

const original = bad.validJpeg(48, 32, 5);
const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'robustness', name));

describe('bad input from the CLI', () => {
  const MAX_RSS_MB = 512;
  let dir: string;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'fp-robust-'));
    // Records the CLI process's peak RSS in a file, keeping its stderr as the user sees it.
    writeFileSync(join(dir, 'rss.js'), "process.on('exit', () => require('fs').writeFileSync(process.env.FP_RSS_FILE, String(process.resourceUsage().maxRSS)));");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  /** Runs the CLI in a fresh process; returns its exit code, output and peak RSS in MB. */
  function cli(...args: string[]) {
    const rssFile = join(dir, 'rss.txt');
    const run = spawnSync(process.execPath, ['--require', join(dir, 'rss.js'), CLI_MAIN, ...args], { encoding: 'utf8', env: { ...process.env, FP_RSS_FILE: rssFile } });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr, rssMb: Number(readFileSync(rssFile, 'utf8')) / 1024 };
  }

  it('reports each bad frame on one stderr line naming the file, writes only the good one, exits 1', () => {
    const input = join(dir, 'in');
    mkdirSync(input);
    const files: Record<string, Uint8Array> = {
      'good.jpg': original,
      'a-png-really.jpg': bad.notJpegs.png(),
      'cut-at-half.jpg': bad.truncated(original, 0.5),
      'arithmetic.jpg': fixture('arithmetic.jpg'),
      'bomb-9999.jpg': bad.bomb9999(),
      'scans-2090.jpg': bad.manyScans(),
    };
    for (const [name, bytes] of Object.entries(files)) writeFileSync(join(input, name), bytes);
    const run = cli(input, '--out', join(dir, 'out'), '--concurrency', '2');
    assert.equal(run.code, 1);
    const lines = run.stderr.trimEnd().split('\n').sort();
    const expected = [
      [/a-png-really\.jpg: not a JPEG \(it is a PNG image\)$/],
      [/arithmetic\.jpg: unsupported JPEG coding: arithmetic-coded \(SOF9\)$/],
      [/bomb-9999\.jpg: scan 1 holds \d+ bytes of coded data but a 9999x9999 frame needs at least \d+/],
      [/cut-at-half\.jpg: truncated: the data ends inside scan 1 \(no end-of-image marker\)$/],
      [/scans-2090\.jpg: image has more than 256 scans, the limit that bounds decoding time$/],
    ];
    assert.equal(lines.length, expected.length, run.stderr);
    lines.forEach((line, i) => {
      assert.ok(line.startsWith(`frame-processor: ${input}/`), line);
      assert.match(line, expected[i][0]);
    });
    assert.match(run.stdout, /^frames: 6, skipped: 0, failed: 5,/);
    assert.deepEqual(readdirSync(join(dir, 'out')), ['good.jpg']);
  });

  for (const [what, make, message] of [
    ['the 9999x9999 bomb', bad.bomb9999, /9999x9999 frame needs at least/],
    ['the valid black 20000x20000 JPEG', bad.black20000, /over the limit of 40000000 pixels/],
    ['the progressive file with 2090 scans', () => bad.manyScans(), /more than 256 scans/],
  ] as const) {
    it(`refuses ${what} with default limits in under ${MAX_RSS_MB} MB peak RSS, writing nothing`, () => {
      writeFileSync(join(dir, 'frame.jpg'), make());
      const run = cli(join(dir, 'frame.jpg'), '--out', join(dir, 'out'), '--concurrency', '1');
      assert.equal(run.code, 1);
      assert.match(run.stderr, message);
      assert.equal(run.stderr.split('\n').length, 2, run.stderr);
      assert.ok(!existsSync(join(dir, 'out', 'frame.jpg')));
      assert.ok(run.rssMb < MAX_RSS_MB, `peak RSS ${run.rssMb.toFixed(0)} MB`);
    });
  }

  it(`processes an 8K (7680x4320) 4:2:0 frame with default limits in at most ${MAX_RSS_MB} MB peak RSS`, () => {
    writeFileSync(join(dir, 'frame.jpg'), flatBaselineJpeg({ width: 7680, height: 4320, components: 3 }));
    const run = cli(join(dir, 'frame.jpg'), '--out', join(dir, 'out'), '--format', 'png', '--concurrency', '1');
    assert.equal(run.code, 0, run.stderr);
    const png = readFileSync(join(dir, 'out', 'frame.png'));
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [7678, 4318]);
    assert.ok(run.rssMb <= MAX_RSS_MB, `peak RSS ${run.rssMb.toFixed(0)} MB`);
  });

  // jpeg-js alone would refuse this frame at its own cap only after the process reached ~1 GB; the
  // header's memory estimate (src/jpeg/jpeg-js-memory.ts) refuses it before jpeg-js starts.
  it(`decodes or refuses an 8K progressive 4:4:4 frame (jpeg-js fallback) in at most ${MAX_RSS_MB} MB peak RSS`, () => {
    writeFileSync(join(dir, 'frame.jpg'), flatProgressiveJpeg({ width: 7680, height: 4320, components: 3 }));
    const run = cli(join(dir, 'frame.jpg'), '--out', join(dir, 'out'), '--concurrency', '1');
    assert.ok(run.code === 0 || /frame\.jpg: .*(limit|budget)/.test(run.stderr), run.stderr);
    assert.ok(run.rssMb <= MAX_RSS_MB, `peak RSS ${run.rssMb.toFixed(0)} MB`);
  });
});
