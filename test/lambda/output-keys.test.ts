// The edge map's key and metadata, against a real local S3 server: every frame gets a PNG key of
// its own; with the longest keys S3 allows (1024 bytes of UTF-8) the metadata stays within S3's
// 2 KB user-metadata limit (s3rver does not enforce it, so the size is computed here the way S3
// counts it), and a PNG key that would pass 1024 bytes is refused by name before any request.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { outputMetadata } from '../../src/lambda/output-metadata';
import { encodeEventKey } from '../../src/lambda/s3-event';
import type { FrameResult } from '../../src/core/pipeline';
import { failure, recordFor } from '../support/events';
import { OUT, RAW, useHandlerRig } from '../support/handler-rig';
import { makeJpeg } from '../support/jpegs';

/** S3's count: the UTF-8 bytes of every name (x-amz-meta- prefix included, the strict reading) and value. */
function metadataSize(metadata: Record<string, string>): number {
  return Object.entries(metadata).reduce((n, [name, value]) => n + Buffer.byteLength(`x-amz-meta-${name}`) + Buffer.byteLength(value), 0);
}

/** A key of exactly `bytes` UTF-8 bytes: 200-byte folders of 'é' (file systems cap a name at 255), ending in `ending`. */
function keyOfBytes(bytes: number, ending: string): string {
  let key = 'frames/';
  while (bytes - Buffer.byteLength(key + ending) > 201) key += `${'é'.repeat(100)}/`;
  const left = bytes - Buffer.byteLength(key + ending);
  return key + 'é'.repeat(Math.floor(left / 2)) + 'x'.repeat(left % 2) + ending;
}

const RESULT = { sigma: 0.0047, width: 14, height: 10, inputWidth: 16, inputHeight: 12, settings: { blurModifier: 8, blurMethod: 'fast', quality: 75, format: 'jpeg' } } as FrameResult;

describe('output keys and metadata within S3 limits', function () {
  const rig = useHandlerRig();
  const handlerWith = (env: Record<string, string> = {}) => rig.handlerWith(env).handler;

  it('writes PNG under a .png key of its own for each frame when OUTPUT_FORMAT=png (f.jpg and f.JPG do not collide)', async () => {
    await rig.s3.put(RAW, 'png/Frame 1.jpg', makeJpeg(10, 9, 3));
    await rig.s3.put(RAW, 'png/Frame 1.JPG', makeJpeg(12, 9, 4));

    const summary = await handlerWith({ OUTPUT_FORMAT: 'png' })({ Records: [recordFor(RAW, 'png/Frame+1.jpg'), recordFor(RAW, 'png/Frame+1.JPG')] });

    assert.deepEqual(summary.processed, [
      { bucket: RAW, key: 'png/Frame 1.jpg', outputKey: 'png/Frame 1.png' },
      { bucket: RAW, key: 'png/Frame 1.JPG', outputKey: 'png/Frame 1.JPG.png' },
    ]);
    const first = await rig.s3.get(OUT, 'png/Frame 1.png');
    const second = await rig.s3.get(OUT, 'png/Frame 1.JPG.png');
    assert.equal(first.contentType, 'image/png');
    assert.equal(first.body.subarray(1, 4).toString('latin1'), 'PNG');
    assert.equal(first.body.readUInt32BE(16), 8, 'the 10x9 frame gives an 8-pixel-wide edge map');
    assert.equal(second.body.readUInt32BE(16), 10, 'the 12x9 frame gives a 10-pixel-wide edge map');
    assert.equal(await rig.s3.exists(OUT, 'png/Frame 1.jpg'), false);
  });

  it('writes a 1024-byte non-ASCII key with metadata under 2 KB: the key SHA-256 and a flag instead of the key', async () => {
    const key = keyOfBytes(1024, '.jpg');
    assert.equal(Buffer.byteLength(key), 1024);
    assert.ok(encodeURIComponent(key).length > 2000, 'the key alone, percent-encoded, is over the limit');
    await rig.s3.put(RAW, key, makeJpeg(16, 12, 5));

    await handlerWith()({ Records: [recordFor(RAW, encodeEventKey(key))] });

    const { metadata } = await rig.s3.get(OUT, key);
    assert.ok(metadataSize(metadata) <= 2000, `metadata is ${metadataSize(metadata)} bytes`);
    assert.equal(metadata['source-key'], undefined);
    assert.equal(metadata['source-key-sha256'], createHash('sha256').update(Buffer.from(key, 'utf8')).digest('hex'));
    assert.equal(metadata['source-key-too-long'], 'true');
    assert.deepEqual([metadata['source-bucket'], metadata.width, metadata['input-height']], [RAW, '14', '12']);
  });

  it('keeps the source key itself up to the limit exactly, and hashes it one byte past', () => {
    const source = (key: string) => ({ bucket: RAW, key });
    const eTag = 'd41d8cd98f00b204e9800998ecf8427e';
    const withoutKey = metadataSize(outputMetadata(source('k'), eTag, RESULT)) - metadataSize({ 'source-key': 'k' });
    const longest = 'k'.repeat(2000 - withoutKey - metadataSize({ 'source-key': '' }));

    const atLimit = outputMetadata(source(longest), eTag, RESULT);
    const pastLimit = outputMetadata(source(`${longest}k`), eTag, RESULT);

    assert.equal(metadataSize(atLimit), 2000);
    assert.equal(atLimit['source-key'], longest);
    assert.equal(pastLimit['source-key'], undefined);
    assert.equal(pastLimit['source-key-too-long'], 'true');
    assert.ok(metadataSize(pastLimit) <= 2000);
  });

  it('refuses a PNG edge map whose key would pass 1024 bytes, naming the frame, and writes the JPEG one', async () => {
    const key = keyOfBytes(1023, '.JPG');
    await rig.s3.put(RAW, key, makeJpeg(16, 12, 6));
    const record = recordFor(RAW, encodeEventKey(key));

    const error = await failure(handlerWith({ OUTPUT_FORMAT: 'png' })({ Records: [record] }));
    await handlerWith()({ Records: [record] });

    assert.equal(error.failures[0].key, key);
    assert.equal(error.failures[0].reason, "the edge map's key would be 1027 bytes (the frame's key with .png), over S3's limit of 1024 bytes");
    assert.ok(!(await rig.s3.keys(OUT)).includes(`${key}.png`), 'no PNG edge map');
    assert.ok(await rig.s3.exists(OUT, key), 'the JPEG edge map');
  });
});
