// The aws-chunked decoder in front of the local S3 server (src/local/aws-chunked.ts).
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { AwsChunkedDecoder } from '../../src/local/aws-chunked';
import { seededRandom } from '../support/images';

/** Encodes `body` as an aws-chunked stream with chunk signatures and a trailing checksum. */
function awsChunked(body: Buffer, chunkSize: number): Buffer {
  const parts: Buffer[] = [];
  for (let at = 0; at < body.length; at += chunkSize) {
    const chunk = body.subarray(at, at + chunkSize);
    parts.push(Buffer.from(`${chunk.length.toString(16)};chunk-signature=${'a'.repeat(64)}\r\n`), chunk, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`0;chunk-signature=${'b'.repeat(64)}\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n`));
  return Buffer.concat(parts);
}

describe('local stack: aws-chunked uploads', () => {
  it('decodes aws-chunked bodies however the network splits them', async () => {
    const random = seededRandom(3);
    const body = Buffer.from(Array.from({ length: 70_000 }, () => Math.floor(random() * 256)));
    const encoded = awsChunked(body, 8192);
    const pieces: Buffer[] = [];
    for (let at = 0; at < encoded.length; ) {
      const size = 1 + Math.floor(random() * 300);
      pieces.push(encoded.subarray(at, at + size));
      at += size;
    }

    const decoded: Buffer[] = [];
    for await (const chunk of Readable.from(pieces).pipe(new AwsChunkedDecoder())) decoded.push(chunk as Buffer);

    assert.deepEqual(Buffer.concat(decoded), body);
  });

  it('refuses a body that is not aws-chunked or ends inside a chunk', async () => {
    const drain = (data: Buffer) => Readable.from([data]).pipe(new AwsChunkedDecoder()).toArray();

    await assert.rejects(drain(Buffer.from('zz;chunk-signature=x\r\n')), /bad aws-chunked size line/);
    await assert.rejects(drain(Buffer.from('10\r\nshort')), /ended inside a chunk/);
  });
});
