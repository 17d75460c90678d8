import { strict as assert } from 'node:assert';
import { ManifestError } from '../../src/tracking/errors';
import { isManifestKey, parseManifest } from '../../src/tracking/manifest';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('tracking: parseManifest', () => {
  const valid: [string, string, { videoId: string; totalFrames: number; frameRate: number }][] = [
    ['v/capture.json', '{"totalFrames": 300, "frameRate": 30}', { videoId: 'v', totalFrames: 300, frameRate: 30 }],
    ['v/capture.json', '{"totalFrames": 300}', { videoId: 'v', totalFrames: 300, frameRate: 30 }],
    ['a/b/capture.json', '{"totalFrames": 0}', { videoId: 'a/b', totalFrames: 0, frameRate: 30 }],
    ['v/capture.json', '{"totalFrames": 1e3, "frameRate": 29.97}', { videoId: 'v', totalFrames: 1000, frameRate: 29.97 }],
    ['v/capture.json', '{"totalFrames": 10000000, "frameRate": 300}', { videoId: 'v', totalFrames: 10_000_000, frameRate: 300 }],
    ['v/capture.json', '\ufeff {"totalFrames": 5, "camera": "north", "frameRate": 24}\n', { videoId: 'v', totalFrames: 5, frameRate: 24 }],
    ['v/capture.json', '{"totalFrames": 7.0}', { videoId: 'v', totalFrames: 7, frameRate: 30 }],
  ];
  for (const [key, text, expected] of valid) {
    it(`accepts ${key} ${JSON.stringify(text)}`, () => {
      assert.deepEqual(parseManifest(bytes(text), key), { ...expected, source: 'manifest' });
    });
  }

  const invalid: [string, string | Uint8Array, RegExp][] = [
    ['v/capture.json', '', /not JSON/],
    ['v/capture.json', '{"totalFrames": 300', /not JSON/],
    ['v/capture.json', 'totalFrames=300', /not JSON/],
    ['v/capture.json', '300', /not an object/],
    ['v/capture.json', '[300]', /an array, not an object/],
    ['v/capture.json', 'null', /null, not an object/],
    ['v/capture.json', '{}', /no totalFrames/],
    ['v/capture.json', '{"totalFrames": "300"}', /a string "300", not a number/],
    ['v/capture.json', '{"totalFrames": null}', /null, not a number/],
    ['v/capture.json', '{"totalFrames": true}', /a boolean, not a number/],
    ['v/capture.json', '{"totalFrames": 12.5}', /not a whole number/],
    ['v/capture.json', '{"totalFrames": -1}', /negative/],
    ['v/capture.json', '{"totalFrames": 10000001}', /over the maximum/],
    ['v/capture.json', '{"totalFrames": 1e400}', /not a whole number/],
    ['v/capture.json', '{"totalFrames": 3, "frameRate": 0}', /frameRate 0 is not in/],
    ['v/capture.json', '{"totalFrames": 3, "frameRate": -30}', /frameRate -30/],
    ['v/capture.json', '{"totalFrames": 3, "frameRate": 301}', /frameRate 301 is not in \(0, 300\]/],
    ['v/capture.json', '{"totalFrames": 3, "frameRate": "30"}', /frameRate is a string/],
    ['v/capture.json', '{"totalFrames": 3, "frameRate": 5000}', /frameRate 5000/],
    ['v/capture.json', Uint8Array.of(0x7b, 0xff, 0xfe, 0x7d), /not UTF-8/],
    ['v/capture.json', new Uint8Array(70_000).fill(0x20), /over the 65536-byte limit/],
    ['capture.json', '{"totalFrames": 3}', /not a manifest key/],
    ['v/other.json', '{"totalFrames": 3}', /not a manifest key/],
    ['/capture.json', '{"totalFrames": 3}', /empty video id/],
    ['v#chunk#1/capture.json', '{"totalFrames": 3}', /tracking item key/],
  ];
  for (const [key, text, reason] of invalid) {
    const shown = typeof text === 'string' ? JSON.stringify(text.slice(0, 40)) : `${text.length} bytes`;
    it(`refuses ${key} ${shown} with a ManifestError naming the object (${reason.source})`, () => {
      assert.throws(
        () => parseManifest(typeof text === 'string' ? bytes(text) : text, key),
        (error: unknown) => error instanceof ManifestError && error.source === key && reason.test(error.reason) && error.message.startsWith(`${key}: `),
      );
    });
  }

  it('knows a manifest key by its exact name in a folder', () => {
    assert.deepEqual(
      ['v/capture.json', 'a/b/capture.json', 'capture.json', 'v/capture.json.bak', 'v/my-capture.json'].map(isManifestKey),
      [true, true, false, false, false],
    );
  });
});
