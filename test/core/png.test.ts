// The PNG writer: one frame gives the same PNG bytes on every runtime (its deflate is not the
// runtime's zlib), and a real decoder (libpng, through sharp) reads back exactly the edge map.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { encodeGreyPng } from '../../src/core/png';
import { processFrame } from '../../src/core/pipeline';

const FRAME = join(__dirname, '..', 'fixtures', 'frames', 'hills-480x270.jpg');

function edgeMap(): { bytes: Uint8Array; width: number; height: number } {
  return processFrame(readFileSync(FRAME), { blurModifier: 8, quality: 75, format: 'raw' });
}

/**
 * Runs `task` while node:zlib's deflate behaves like another zlib build: valid streams of other
 * bytes, as Debian's system zlib gives where the official Node builds' Chromium zlib is used.
 * A mock, because no second zlib build of a supported Node is on this machine.
 */
function withAnotherZlib<T>(task: () => T): T {
  const original = zlib.deflateSync;
  const otherBuild = (data: zlib.InputType, options?: zlib.ZlibOptions) => original(data, { ...options, memLevel: 9, strategy: zlib.constants.Z_FILTERED });
  zlib.deflateSync = otherBuild as typeof zlib.deflateSync;
  try {
    return task();
  } finally {
    zlib.deflateSync = original;
  }
}

describe('PNG writer', () => {
  it('loads its deflate (fflate) at the first PNG, so a JPEG-only cold start does not pay for it', () => {
    const script = `
      const { processFrame } = require('./src/core/pipeline');
      const loaded = () => Object.keys(require.cache).some((path) => path.includes('fflate'));
      const frame = require('node:fs').readFileSync(${JSON.stringify(FRAME)});
      processFrame(frame, { blurModifier: 8, quality: 75, format: 'jpeg' });
      const afterJpeg = loaded();
      processFrame(frame, { blurModifier: 8, quality: 75, format: 'png' });
      console.log(JSON.stringify({ afterJpeg, afterPng: loaded() }));`;
    const run = spawnSync(process.execPath, ['--require', 'tsx/cjs', '-e', script], { cwd: join(__dirname, '..', '..'), encoding: 'utf8' });

    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(JSON.parse(run.stdout), { afterJpeg: false, afterPng: true });
  });

  it("writes the same bytes whatever the runtime's zlib build", () => {
    const { bytes, width, height } = edgeMap();
    const here = encodeGreyPng(bytes, width, height);

    const elsewhere = withAnotherZlib(() => encodeGreyPng(bytes, width, height));

    assert.ok(Buffer.from(here).equals(Buffer.from(elsewhere)), 'the PNG changed with the zlib build');
  });

  it('is read back by libpng (sharp) as exactly the edge map, 8-bit grey', async () => {
    const { bytes, width, height } = edgeMap();

    const png = encodeGreyPng(bytes, width, height);

    const meta = await sharp(png).metadata();
    assert.deepEqual([meta.format, meta.width, meta.height, meta.channels, meta.depth], ['png', width, height, 1, 'uchar']);
    const { data, info } = await sharp(png).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    assert.equal(info.channels, 1);
    assert.ok(data.equals(Buffer.from(bytes)), 'decoded pixels differ from the edge map');
  });
});
