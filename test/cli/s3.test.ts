// The command line on S3, run as a user runs it (a child process) against a real local S3 server:
// S3 to S3, S3 to a folder and a folder to S3; outputs carrying the Lambda function's metadata; an
// output made from the same bytes with the same settings skipped (by the Lambda's too) unless
// --force; a bad object failing alone; refusals; more than one page of keys.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { processFrame } from '../../src/core/pipeline';
import { outputMetadata } from '../../src/lambda/output-metadata';
import { recordFor } from '../support/events';
import { OUT, RAW, useHandlerRig } from '../support/handler-rig';
import { makeJpeg } from '../support/jpegs';
import { stderrLines, tempFolder, writeFrames } from '../support/cli';
import { keysUnder, runS3Cli } from '../support/s3-cli';

const SETTINGS = { blurModifier: 8, quality: 75, format: 'jpeg' } as const;
const summary = (frames: number, skipped: number, failed: number) => new RegExp(`^frames: ${frames}, skipped: ${skipped}, failed: ${failed}, seconds: [\\d.]+, frames/s: [\\d.]+\\n$`);

describe('CLI on S3 (local S3 server)', function () {
  const rig = useHandlerRig();
  let dir: string;
  beforeEach(() => (dir = tempFolder('fp-cli-s3-')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const put = (key: string, width: number, seed: number) => rig.s3.put(RAW, key, makeJpeg(width, 12, seed));
  const cli = (...args: string[]) => runS3Cli(rig.s3, args);

  it('S3 to S3: every .jpg/.jpeg under the prefix, any case, nested, a .txt left out; bytes and metadata as the Lambda function writes them', async () => {
    await put('clip/a.jpg', 20, 1);
    await put('clip/deep/b.JPEG', 24, 2);
    await put('clipper/not-under-the-prefix.jpg', 20, 3);
    await rig.s3.put(RAW, 'clip/notes.txt', 'not a frame', 'text/plain');

    const run = await cli(`s3://${RAW}/clip`, '--out', `s3://${OUT}/edges/`, '--concurrency', '2');

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, summary(2, 0, 0));
    assert.deepEqual(await keysUnder(rig.s3, OUT, 'edges/'), ['edges/a.jpg', 'edges/deep/b.JPEG']);
    for (const key of ['a.jpg', 'deep/b.JPEG']) {
      const input = await rig.s3.client.send(new HeadObjectCommand({ Bucket: RAW, Key: `clip/${key}` }));
      const expected = processFrame((await rig.s3.get(RAW, `clip/${key}`)).body, SETTINGS);
      const output = await rig.s3.get(OUT, `edges/${key}`);
      assert.deepEqual(output.body, Buffer.from(expected.bytes), key);
      assert.deepEqual(output.metadata, outputMetadata({ bucket: RAW, key: `clip/${key}` }, input.ETag!.replace(/"/g, ''), expected), key);
    }
  });

  it('skips outputs made from the same bytes with the same settings; --force, another setting or a changed frame make them again', async () => {
    await put('again/a.jpg', 20, 4);
    await put('again/b.jpg', 22, 5);
    const args = [`s3://${RAW}/again`, '--out', `s3://${OUT}/again`];

    const runs = [await cli(...args), await cli(...args), await cli(...args, '--force'), await cli(...args, '--quality', '50')];
    await put('again/b.jpg', 26, 6);
    runs.push(await cli(...args, '--quality', '50'));
    runs.push(await cli(...args, '--quality', '50', '--blur-method', 'exact'), await cli(...args, '--quality', '50', '--blur-method', 'exact'));

    assert.deepEqual(runs.map((run) => run.code), [0, 0, 0, 0, 0, 0, 0]);
    const expected = [summary(2, 0, 0), summary(2, 2, 0), summary(2, 0, 0), summary(2, 0, 0), summary(2, 1, 0), summary(2, 0, 0), summary(2, 2, 0)];
    runs.forEach((run, i) => assert.match(run.stdout, expected[i], `run ${i + 1}`));
    const output = await rig.s3.get(OUT, 'again/b.jpg');
    assert.deepEqual([output.metadata['input-width'], output.metadata['blur-method']], ['26', 'exact'], 'another blur method made it again');
  });

  it('skips an output the Lambda function wrote with the same settings: one metadata for both', async () => {
    await put('lambda/f.jpg', 20, 7);
    await rig.handlerWith().handler({ Records: [recordFor(RAW, 'lambda/f.jpg')] });

    const run = await cli(`s3://${RAW}/lambda`, '--out', `s3://${OUT}/lambda`);

    assert.match(run.stdout, summary(1, 1, 0));
  });

  it('S3 to a folder, and a folder to S3 (the MD5 of the file as its source ETag, so a second run skips it)', async () => {
    await put('down/x/f.jpg', 20, 8);
    const [file] = writeFrames(join(dir, 'up'), ['shot/g.jpg']);

    const down = await cli(`s3://${RAW}/down`, '--out', join(dir, 'edges'));
    const up = await cli(join(dir, 'up'), '--out', `s3://${OUT}/up`);
    const upAgain = await cli(join(dir, 'up'), '--out', `s3://${OUT}/up`);

    assert.match(down.stdout, summary(1, 0, 0));
    assert.deepEqual(readdirSync(join(dir, 'edges'), { recursive: true }).sort(), ['x', join('x', 'f.jpg')]);
    assert.match(up.stdout, summary(1, 0, 0));
    const { metadata } = await rig.s3.get(OUT, 'up/shot/g.jpg');
    assert.deepEqual([metadata['source-file'], metadata['source-etag']], [encodeURIComponent(file), createHash('md5').update(readFileSync(file)).digest('hex')]);
    assert.match(upAgain.stdout, summary(1, 1, 0));
  });

  it('fails a corrupt object alone: one line naming it, exit 1, every other frame written', async () => {
    await put('bad/1.jpg', 20, 9);
    await rig.s3.put(RAW, 'bad/2.jpg', 'this is text, not a JPEG', 'image/jpeg');
    await put('bad/3.jpg', 20, 10);

    const run = await cli(`s3://${RAW}/bad`, '--out', `s3://${OUT}/bad`, '--concurrency', '2');

    assert.equal(run.code, 1);
    assert.deepEqual(stderrLines(run), [`frame-processor: s3://${RAW}/bad/2.jpg: not a JPEG (starts with 0x74686973 instead of the SOI marker 0xFFD8)`]);
    assert.match(run.stdout, summary(3, 0, 1));
    assert.deepEqual(await keysUnder(rig.s3, OUT, 'bad/'), ['bad/1.jpg', 'bad/3.jpg']);
  });

  it('refuses an --out that is the input prefix before any work, and never takes its own outputs inside the input for frames', async () => {
    await put('self/f.jpg', 20, 11);

    const same = await cli(`s3://${RAW}/self/`, '--out', `s3://${RAW}/self`);
    const inside = await cli(`s3://${RAW}/self`, '--out', `s3://${RAW}/self/edges`);
    const insideAgain = await cli(`s3://${RAW}/self`, '--out', `s3://${RAW}/self/edges`);

    assert.equal(same.code, 2);
    assert.match(stderrLines(same)[0], new RegExp(`^frame-processor: --out s3://${RAW}/self/ is the input s3://${RAW}/self/: its frames would be overwritten$`));
    assert.match(inside.stdout, summary(1, 0, 0));
    assert.match(insideAgain.stdout, summary(1, 1, 0));
    assert.deepEqual(await keysUnder(rig.s3, RAW, 'self/'), ['self/edges/f.jpg', 'self/f.jpg']);
  });

  it('refuses, by name, a frame whose output another input already writes; an input with no frames is a usage error', async () => {
    await put('one/f.jpg', 20, 12);
    await put('two/f.jpg', 22, 13);
    await rig.s3.put(RAW, 'empty/notes.txt', 'no frames here', 'text/plain');

    const both = await cli(`s3://${RAW}/one`, `s3://${RAW}/two`, '--out', `s3://${OUT}/both`);
    const empty = await cli(`s3://${RAW}/empty`, '--out', `s3://${OUT}/empty`);

    assert.equal(both.code, 1);
    assert.deepEqual(stderrLines(both), [`frame-processor: s3://${RAW}/one/f.jpg and s3://${RAW}/two/f.jpg would both write s3://${OUT}/both/f.jpg`]);
    assert.equal((await rig.s3.get(OUT, 'both/f.jpg')).metadata['input-width'], '20');
    assert.equal(empty.code, 2);
    assert.deepEqual(stderrLines(empty), [`frame-processor: input s3://${RAW}/empty holds no .jpg/.jpeg object`]);
  });

  it('lists more than one page (1,000 keys) of small frames, and processes every one', async function () {
    this.timeout(120_000);
    const keys = Array.from({ length: 1_003 }, (_, i) => `many/f.${String(i).padStart(7, '0')}.jpg`);
    const frame = makeJpeg(3, 3, 14);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((key) => rig.s3.put(RAW, key, frame)));

    const run = await runS3Cli(rig.s3, [`s3://${RAW}/many`, '--out', join(dir, 'many'), '--concurrency', '2'], 100_000);

    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, summary(keys.length, 0, 0));
    assert.equal(readdirSync(join(dir, 'many')).length, keys.length);
  });
});
