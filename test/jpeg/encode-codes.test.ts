// The WebAssembly encoder's result codes as the TypeScript side knows them (src/jpeg/encode-codes.ts).
import assert from 'node:assert/strict';
import { JpegEncodeCode } from '../../src/jpeg/encode-codes';
import { assemblyI32Constants } from '../support/assembly-source';

describe('JPEG encoder result codes', () => {
  it('are the same in assembly/jpeg-encode/codes.ts and src/jpeg/encode-codes.ts', () => {
    assert.deepEqual(assemblyI32Constants('jpeg-encode/codes.ts'), { ...JpegEncodeCode });
  });
});
