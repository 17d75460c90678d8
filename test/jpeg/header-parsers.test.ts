// The two JPEG header parsers read the same frame. src/jpeg/header.ts decides whether an input is
// decoded at all; assembly/jpeg-decode/markers.ts decides how (itself, or the jpeg-js fallback).
// On every fixture both must see the same size, components, sampling factors and coding process.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { FrameError } from '../../src/core/errors';
import { outcomeOf } from '../../src/jpeg/decode-codes';
import { readJpegHeader, type JpegHeader } from '../../src/jpeg/header';
import type { Kernel } from '../../src/wasm/instance';
import { WASM_BUILDS } from '../support/builds';

const FIXTURES = join(__dirname, '..', 'fixtures');
const JPEGS = readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile() && entry.name.endsWith('.jpg'))
  .map((entry) => relative(FIXTURES, join(entry.parentPath, entry.name)))
  .sort();

/** What the header reader says, or the error it refuses the file with. */
function typeScriptView(bytes: Uint8Array): JpegHeader | FrameError {
  try {
    return readJpegHeader(bytes);
  } catch (error) {
    if (error instanceof FrameError) return error;
    throw error;
  }
}

/** What the WebAssembly decoder's parser says about the same bytes. */
function webAssemblyView(kernel: Kernel, bytes: Uint8Array) {
  kernel.reset();
  const code = kernel.jpegParse(kernel.copyIn(bytes), bytes.length);
  return { outcome: outcomeOf(code), ...kernel.jpegFrame(), ...kernel.jpegFrameLayout() };
}

describe('the two JPEG header parsers (src/jpeg/header.ts, assembly/jpeg-decode/markers.ts)', () => {
  it(`have fixtures of every coding process to compare (${JPEGS.length} files)`, () => {
    const types = new Set(JPEGS.map((name) => typeScriptView(readFileSync(join(FIXTURES, name)))).map((view) => (view instanceof FrameError ? view.name : view.frameType)));
    for (const expected of [0xc0, 0xc2, 'UnsupportedJpegError']) assert.ok(types.has(expected), `a fixture of kind ${expected}`);
  });

  for (const build of WASM_BUILDS) {
    describe(`${build.name} build`, () => {
      for (const name of JPEGS) {
        it(`${name}: the same width, height, components, sampling and coding process, or both refuse it`, () => {
          const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
          const ours = typeScriptView(bytes);
          const wasm = webAssemblyView(build.kernel(), bytes);
          if (ours instanceof FrameError) {
            assert.ok(['not-a-jpeg', 'corrupt', 'unsupported'].includes(wasm.outcome), `the header reader refuses it (${ours.message}); the decoder's parser says ${wasm.outcome}`);
            return;
          }
          assert.ok(wasm.outcome === 'ok' || wasm.outcome === 'fallback', `the decoder's parser says ${wasm.outcome}`);
          assert.deepEqual(
            { width: wasm.width, height: wasm.height, components: wasm.components, sampling: wasm.sampling, frameType: wasm.frameType, progressive: wasm.frameType === 0xc2 },
            { width: ours.width, height: ours.height, components: ours.components, sampling: ours.sampling, frameType: ours.frameType, progressive: ours.frameType === 0xc2 },
          );
        });
      }
    });
  }
});
