// The packaged bundle on Lambda's own runtime: the official Node.js 22 for x64, and for arm64
// (what the function deploys to) under qemu-user, against the local S3 server on this host's
// loopback. Real frames, JPEG and PNG out; every edge map must be byte-identical to the x64 one
// this process computes, and a broken frame must be named without stopping the others.
// Needs scripts/setup-node22.sh (the test fails naming it otherwise). arm64 under qemu is slow:
// small frames only (about 20 s for both invocations there).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutputFormat } from '../../src/core/pipeline';
import { processFrame } from '../../src/core/pipeline';
import { edgeMapName } from '../../src/core/frame-names';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { recordFor } from '../support/events';
import { HOST_NODE, node22, type NodeRuntime } from '../support/node22';
import { invokeBundle, PACKAGE, packageFunction, unpackBundle } from '../support/packaged-function';
import { startTestS3, type TestS3 } from '../support/s3-server';

const ROOT = join(__dirname, '..', '..');
const FIXTURE_FRAMES = join(ROOT, 'test', 'fixtures', 'frames');
/** Four small real frames (160x90 to 480x270, one odd size) and a real 1280x720 one (sigma 2.03 at modifier 8). */
const FRAMES: Array<{ key: string; bytes: Buffer }> = [
  ...readdirSync(FIXTURE_FRAMES).filter((name) => name.endsWith('.jpg')).sort().map((name) => ({ key: `clip/${name}`, bytes: readFileSync(join(FIXTURE_FRAMES, name)) })),
  { key: 'clip/frame-1280x720.jpg', bytes: readFileSync(join(ROOT, 'samples', 'demo-video-720p', 'frame.0000000.jpg')) },
];
const BROKEN = 'clip/broken.jpg';

/** The two configurations run: the defaults, and PNG with the strongest blur accepted (BLUR_MODIFIER 12: sigmas 0.05 to 3.05). */
const SETTINGS: Array<{ format: OutputFormat; blurModifier: number }> = [
  { format: 'jpeg', blurModifier: 8 },
  { format: 'png', blurModifier: 12 },
];

const RUNTIMES: Array<{ label: string; runtime: () => NodeRuntime }> = [
  { label: 'Node 22 x64', runtime: () => node22('x64') },
  { label: 'Node 22 arm64 under qemu', runtime: () => node22('arm64') },
  { label: 'this Node (x64)', runtime: () => HOST_NODE },
];

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex').slice(0, 16);

describe("the packaged bundle on Lambda's runtime (official Node 22, x64 and arm64)", function () {
  this.timeout(240_000);
  let s3: TestS3;
  let bundleDir: string;
  /** Output bucket of each runtime and setting, so no run can see another's objects. */
  const bucketOf = (runtimeIndex: number, settingIndex: number) => `out-${runtimeIndex}-${SETTINGS[settingIndex].format}`;

  before(async () => {
    const { zip } = await packageFunction();
    ({ dir: bundleDir } = await unpackBundle(zip));
    const outputs = RUNTIMES.flatMap((_, r) => SETTINGS.map((__, s) => bucketOf(r, s)));
    s3 = await startTestS3([PACKAGE.inputBucket, ...outputs]);
    for (const frame of FRAMES) await s3.put(PACKAGE.inputBucket, frame.key, frame.bytes);
    await s3.put(PACKAGE.inputBucket, BROKEN, 'not a jpeg', 'text/plain');
  });
  after(async () => {
    await s3?.close();
    if (bundleDir) await rm(bundleDir, { recursive: true, force: true });
  });

  const event = { Records: [...FRAMES.map((frame) => frame.key), BROKEN].map((key) => recordFor(PACKAGE.inputBucket, encodeEventKey(key))) };

  RUNTIMES.forEach(({ label, runtime }, r) => {
    it(`${label}: every edge map byte-identical to x64's, JPEG and PNG; the broken frame named, the others written`, async () => {
      const node = runtime();
      for (const [s, { format, blurModifier }] of SETTINGS.entries()) {
        const env = { OUTPUT_BUCKET: bucketOf(r, s), OUTPUT_FORMAT: format, BLUR_MODIFIER: String(blurModifier), LOG_LEVEL: 'ERROR' };

        const result = await invokeBundle(bundleDir, node, event, s3.endpoint, env);

        console.log(`      ${node.name}, ${format}: ${FRAMES.length + 1} records in ${result.seconds.toFixed(1)} s`);
        assert.equal(result.ok, false, 'the invocation must fail: one record is not a JPEG');
        assert.match(result.stderr, new RegExp(`FramesFailedError: 1 of ${FRAMES.length + 1} frames failed:\\n {2}"${PACKAGE.inputBucket}/${BROKEN}": not a JPEG`), result.stderr);
        for (const frame of FRAMES) {
          const expected = processFrame(frame.bytes, { blurModifier, quality: 75, format }).bytes;
          const output = (await s3.get(bucketOf(r, s), edgeMapName(frame.key, format))).body;
          assert.ok(output.equals(Buffer.from(expected)), `${frame.key} (${format}) on ${node.name}: sha256 ${sha(output)}, x64 gives ${sha(expected)}`);
        }
      }
    });
  });
});
