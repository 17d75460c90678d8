// The WebAssembly decoder's result codes as the TypeScript side knows them (src/jpeg/decode-codes.ts).
import assert from 'node:assert/strict';
import { JpegDecodeCode, outcomeOf } from '../../src/jpeg/decode-codes';
import { assemblyI32Constants } from '../support/assembly-source';

const C = JpegDecodeCode;

describe('WebAssembly JPEG decoder: result codes', () => {
  it('has the same named codes in assembly/jpeg-decode/codes.ts and src/jpeg/decode-codes.ts', () => {
    const fromAs = assemblyI32Constants('jpeg-decode/codes.ts');
    assert.ok(Object.keys(fromAs).length >= 20);
    assert.deepEqual(fromAs, { ...JpegDecodeCode });
  });

  it('keeps every code in the range that says what to do with it', () => {
    for (const [name, code] of Object.entries(JpegDecodeCode)) {
      const expected = name === 'OK' ? 'ok' : name.startsWith('FALLBACK_') ? 'fallback' : name.startsWith('UNSUPPORTED_') ? 'unsupported' : undefined;
      if (expected) assert.equal(outcomeOf(code), expected, name);
    }
    assert.equal(outcomeOf(C.NOT_A_JPEG), 'not-a-jpeg');
    assert.equal(outcomeOf(C.ENTROPY_TRUNCATED), 'corrupt');
    assert.equal(outcomeOf(C.NOT_PARSED), 'misuse');
  });
});
