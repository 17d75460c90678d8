// The edge map's metadata as the Lambda function and the command line both write it, and the rule
// that reads it back: an output is made from the same source with the same settings only when the
// ETag and every setting that shapes the bytes agree.
import assert from 'node:assert/strict';
import type { FrameResult, FrameSettings } from '../../src/core/pipeline';
import { madeFrom, outputMetadata } from '../../src/lambda/output-metadata';

const JPEG: FrameSettings = { blurModifier: 8, blurMethod: 'fast', quality: 75, format: 'jpeg' };
const resultWith = (settings: FrameSettings) => ({ sigma: 0.5, width: 8, height: 6, inputWidth: 10, inputHeight: 8, settings }) as FrameResult;
const ETAG = '0cc175b9c0f1b6a831c399e269772661';

describe('output metadata: settings and sources', () => {
  it('records the format, blur modifier, blur method and (for JPEG only) the quality', () => {
    const jpeg = outputMetadata({ bucket: 'raw', key: 'v/f.jpg' }, ETAG, resultWith(JPEG));
    const png = outputMetadata({ bucket: 'raw', key: 'v/f.jpg' }, ETAG, resultWith({ ...JPEG, blurMethod: 'exact', format: 'png' }));

    assert.deepEqual([jpeg.format, jpeg['blur-modifier'], jpeg['blur-method'], jpeg['jpeg-quality']], ['jpeg', '8', 'fast', '75']);
    assert.deepEqual([png.format, png['blur-modifier'], png['blur-method'], 'jpeg-quality' in png], ['png', '8', 'exact', false]);
  });

  it('names a file source by its percent-encoded path, with no bucket', () => {
    const metadata = outputMetadata({ file: 'frames/café 1.jpg' }, ETAG, resultWith(JPEG));

    assert.equal(metadata['source-file'], encodeURIComponent('frames/café 1.jpg'));
    assert.equal(metadata['source-bucket'], undefined);
    assert.equal(metadata['source-etag'], ETAG);
  });

  it('hashes a file path too long for the 2 KB limit, as it does a key', () => {
    const metadata = outputMetadata({ file: 'é'.repeat(900) }, ETAG, resultWith(JPEG));

    assert.equal(metadata['source-file'], undefined);
    assert.match(metadata['source-file-sha256'], /^[0-9a-f]{64}$/);
    assert.equal(metadata['source-key-too-long'], 'true');
  });

  it('tells an output made from the same bytes and settings from every other', () => {
    const metadata = outputMetadata({ bucket: 'raw', key: 'f.jpg' }, ETAG, resultWith(JPEG));

    assert.equal(madeFrom(metadata, `"${ETAG}"`, JPEG), true, 'a quoted ETag, as listings give it');
    assert.equal(madeFrom(metadata, 'ffff', JPEG), false, 'other bytes');
    assert.equal(madeFrom(metadata, ETAG, { ...JPEG, blurModifier: 8.5 }), false, 'another blur');
    assert.equal(madeFrom(metadata, ETAG, { ...JPEG, quality: 90 }), false, 'another quality');
    assert.equal(madeFrom(metadata, ETAG, { ...JPEG, format: 'png' }), false, 'another format');
    assert.equal(madeFrom(metadata, ETAG, { ...JPEG, blurMethod: 'exact' }), false, 'another blur method');
    assert.equal(madeFrom({}, ETAG, JPEG), false, 'no metadata: made by something else');
  });

  it('ignores the quality of a PNG, which the quality does not shape', () => {
    const metadata = outputMetadata({ bucket: 'raw', key: 'f.jpg' }, ETAG, resultWith({ ...JPEG, format: 'png' }));

    assert.equal(madeFrom(metadata, ETAG, { blurModifier: 8, blurMethod: 'fast', quality: 10, format: 'png' }), true);
  });

  it('takes an output that states no blur method, written before there was a choice, as made by the exact path', () => {
    const { 'blur-method': _, ...older } = outputMetadata({ bucket: 'raw', key: 'f.jpg' }, ETAG, resultWith({ ...JPEG, blurMethod: 'exact' }));

    assert.equal(madeFrom(older, ETAG, { ...JPEG, blurMethod: 'exact' }), true);
    assert.equal(madeFrom(older, ETAG, JPEG), false, 'fast mode makes it again');
  });
});
