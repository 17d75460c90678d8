// Decodes request bodies in the "aws-chunked" content encoding, which current AWS SDKs and the
// AWS CLI use to upload streams with a trailing checksum. s3rver 3.7.1 does not know it and would
// store the chunk framing as part of the object, so the local stack decodes it in front of s3rver.
// Framing: repeated "<hex size>[;chunk-signature=...]\r\n<size bytes>\r\n", then a chunk of size 0,
// then optional trailer lines ("x-amz-checksum-crc32:...\r\n") and an empty line.
// see: https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
import { Transform, type TransformCallback } from 'node:stream';

/** True when a request's headers announce an aws-chunked body. */
export function isAwsChunked(headers: Record<string, string | string[] | undefined>): boolean {
  const encoding = String(headers['content-encoding'] ?? '');
  const sha = String(headers['x-amz-content-sha256'] ?? '');
  return encoding.split(',').some((e) => e.trim() === 'aws-chunked') || sha.startsWith('STREAMING-');
}

/** The Content-Encoding left once aws-chunked is removed (undefined if nothing is left). */
export function withoutAwsChunked(encoding: string | undefined): string | undefined {
  const rest = (encoding ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter((e) => e && e !== 'aws-chunked');
  return rest.length ? rest.join(', ') : undefined;
}

const CRLF = Buffer.from('\r\n');
/** A size line is a few dozen bytes (a signature adds 81); anything much longer is not aws-chunked. */
const MAX_LINE = 4096;

export class AwsChunkedDecoder extends Transform {
  private pending = Buffer.alloc(0);
  private remaining = 0;
  private state: 'size' | 'data' | 'data-end' | 'trailer' = 'size';

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    try {
      this.consume(chunk);
      done();
    } catch (error) {
      done(error as Error);
    }
  }

  override _flush(done: TransformCallback): void {
    done(this.state === 'trailer' ? null : new Error('aws-chunked body ended inside a chunk'));
  }

  private consume(chunk: Buffer): void {
    let data = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = Buffer.alloc(0);
    while (data.length > 0) {
      if (this.state === 'data') {
        const take = Math.min(this.remaining, data.length);
        this.push(data.subarray(0, take));
        this.remaining -= take;
        data = data.subarray(take);
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      if (this.state === 'trailer') return; // trailing checksums: not verified here
      const end = data.indexOf(CRLF);
      if (end < 0) {
        if (data.length > MAX_LINE) throw new Error('aws-chunked size line too long');
        this.pending = Buffer.from(data);
        return;
      }
      this.endOfLine(data.subarray(0, end).toString('latin1'));
      data = data.subarray(end + 2);
    }
  }

  private endOfLine(line: string): void {
    if (this.state === 'data-end') {
      if (line !== '') throw new Error('aws-chunked chunk not followed by CRLF');
      this.state = 'size';
      return;
    }
    const size = parseInt(line.split(';')[0], 16);
    if (!/^[0-9a-fA-F]+$/.test(line.split(';')[0]) || !Number.isSafeInteger(size)) throw new Error(`bad aws-chunked size line "${line.slice(0, 40)}"`);
    this.remaining = size;
    this.state = size === 0 ? 'trailer' : 'data';
  }
}
