import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeEventKey, encodeEventKey, planRecord } from '../../src/lambda/s3-event';
import { loadEvent } from '../support/events';

describe('S3 event keys', () => {
  it('decodes form-urlencoded keys exactly once: + is a space, %2B a plus, %25 a percent', () => {
    assert.equal(decodeEventKey('frames/with+space.jpg'), 'frames/with space.jpg');
    assert.equal(decodeEventKey('frames/a%2Bb.jpg'), 'frames/a+b.jpg');
    assert.equal(decodeEventKey('frames/100%25.jpg'), 'frames/100%.jpg');
    // Decoding twice would turn "%2541" into "A": once gives "%41".
    assert.equal(decodeEventKey('x%2541.jpg'), 'x%41.jpg');
  });

  it('keeps keys as they are: no trimming, no Unicode normalisation, no path collapsing', () => {
    assert.equal(decodeEventKey('+a//b/./c/../d+.jpg'), ' a//b/./c/../d .jpg');
    assert.notEqual(decodeEventKey('caf%C3%A9.jpg'), decodeEventKey('cafe%CC%81.jpg'));
    assert.equal(decodeEventKey('cafe%CC%81.jpg'), 'cafe\u0301.jpg');
  });

  it('encodes keys as the event fixtures (S3) do, and decoding inverts encoding for any key', () => {
    for (const record of loadEvent('awkward-keys.json').Records) {
      const raw = record.s3.object.key;
      assert.equal(encodeEventKey(decodeEventKey(raw)), raw);
    }
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (key) => decodeEventKey(encodeEventKey(key)) === key));
  });

  it('plans records: frames, skipped keys and events, and keys that are not valid encoding', () => {
    const [frame] = loadEvent('put-one-frame.json').Records;
    const [removed] = loadEvent('object-removed.json').Records;
    const video = loadEvent('video-and-sidecars.json').Records[0];
    const broken = { ...frame, s3: { ...frame.s3, object: { ...frame.s3.object, key: 'bad%E0%A4%A.jpg' } } };

    assert.deepEqual(planRecord(frame), { kind: 'frame', object: { bucket: 'raw-frames', key: 'camera-1/2024-05-01/frame.0000001.jpg', size: 48213 } });
    assert.equal(planRecord(removed).kind, 'skip');
    assert.deepEqual(planRecord(video), { kind: 'skip', object: { bucket: 'raw-frames', key: 'clip-7/clip.mp4', size: 48213 }, reason: 'not a .jpg/.jpeg key' });
    assert.equal(planRecord(broken).kind, 'invalid');
  });
});
