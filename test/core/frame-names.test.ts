// Which names are frames and what their edge maps are called, for S3 keys and file paths alike.
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { edgeMapName, isJpegName } from '../../src/core/frame-names';

/** Every spelling of `text` in upper and lower case. */
function caseSpellings(text: string): string[] {
  if (text === '') return [''];
  const firsts = [...new Set([text[0].toLowerCase(), text[0].toUpperCase()])];
  return caseSpellings(text.slice(1)).flatMap((rest) => firsts.map((first) => first + rest));
}

/** The eight spellings of .jpg and sixteen of .jpeg that isJpegName accepts. */
const JPEG_EXTENSIONS = [...caseSpellings('.jpg'), ...caseSpellings('.jpeg')];

/** Names made of the characters the rule looks at, so near-collisions are common; plus any Unicode. */
const stems = fc.oneof(
  fc.string({ unit: fc.constantFrom('.', 'j', 'J', 'p', 'P', 'e', 'E', 'g', 'G', 'n', 'N', '/', 'a'), maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);
const jpegNames = fc.tuple(stems, fc.constantFrom(...JPEG_EXTENSIONS)).map(([stem, ext]) => stem + ext);

/**
 * The frame name a PNG edge map's name came from: the rule's left inverse. Its existence proves
 * the rule injective (two frames with one PNG name would need two inverses for it).
 */
function frameNameOf(pngName: string): string {
  assert.ok(pngName.endsWith('.png'), pngName);
  const stem = pngName.slice(0, -'.png'.length);
  return isJpegName(stem) ? stem : `${stem}.jpg`;
}

describe('frame names', () => {
  it('recognises .jpg and .jpeg in any case, and nothing else', () => {
    assert.equal(JPEG_EXTENSIONS.length, 24);
    for (const key of ['a.jpg', 'a.JPG', 'a.jpeg', 'a.JpEg', 'dir.jpg/b.jpg', ...JPEG_EXTENSIONS]) assert.ok(isJpegName(key), key);
    for (const key of ['a.mp4', 'a.png', 'a.jpg.txt', 'a.jpgx', 'jpg', 'a.jpe', 'dir.jpg/', 'a.jpg ']) assert.ok(!isJpegName(key), key);
  });

  it('keeps the name for JPEG output', () => {
    fc.assert(fc.property(jpegNames, (name) => edgeMapName(name, 'jpeg') === name));
    assert.equal(edgeMapName('cam/1 2.JPG', 'jpeg'), 'cam/1 2.JPG');
  });

  it('names PNG output <stem>.png for <stem>.jpg, and <name>.png for every other name', () => {
    assert.equal(edgeMapName('cam/frame.0000001.jpg', 'png'), 'cam/frame.0000001.png');
    assert.equal(edgeMapName('cam/1 2.JPG', 'png'), 'cam/1 2.JPG.png');
    assert.equal(edgeMapName('cam/x.jpeg', 'png'), 'cam/x.jpeg.png');
    assert.equal(edgeMapName('cam/x.jpeg.jpg', 'png'), 'cam/x.jpeg.jpg.png');
    assert.equal(edgeMapName('.jpg', 'png'), '.png');
    assert.equal(edgeMapName('shots/frame.bin', 'png'), 'shots/frame.bin.png');
  });

  it('never gives two frames one PNG name: a.jpg, a.JPG, a.jpeg, a.JPG.jpg are four outputs', () => {
    const names = ['a.jpg', 'a.JPG', 'a.jpeg', 'a.JPEG', 'a.JPG.jpg', 'a.jpg.jpg', 'a.jpeg.jpg', 'a.png.jpg'];
    assert.equal(new Set(names.map((name) => edgeMapName(name, 'png'))).size, names.length);
  });

  it('is injective over every .jpg/.jpeg name (property: the PNG name gives the frame name back)', () => {
    fc.assert(fc.property(jpegNames, (name) => frameNameOf(edgeMapName(name, 'png')) === name), { numRuns: 5000 });
    // Pairs that differ only in their (possibly doubled) extension: where a careless rule collides.
    const endings = fc.constantFrom(...JPEG_EXTENSIONS, ...JPEG_EXTENSIONS.map((ext) => `${ext}.jpg`));
    fc.assert(
      fc.property(stems, endings, endings, (stem, a, b) => a === b || edgeMapName(stem + a, 'png') !== edgeMapName(stem + b, 'png')),
      { numRuns: 5000 },
    );
  });
});
