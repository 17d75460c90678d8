// Which names are frames and what their edge maps are called, for S3 keys and file paths alike.
import assert from 'node:assert/strict';
import { edgeMapName, isJpegName } from '../../src/core/frame-names';

describe('frame names', () => {
  it('recognises .jpg and .jpeg in any case, and nothing else', () => {
    for (const key of ['a.jpg', 'a.JPG', 'a.jpeg', 'a.JpEg', 'dir.jpg/b.jpg']) assert.ok(isJpegName(key), key);
    for (const key of ['a.mp4', 'a.png', 'a.jpg.txt', 'a.jpgx', 'jpg', 'a.jpe', 'dir.jpg/', 'a.jpg ']) assert.ok(!isJpegName(key), key);
  });

  it('names the output after the input, with .png for PNG output', () => {
    assert.equal(edgeMapName('cam/1 2.JPG', 'jpeg'), 'cam/1 2.JPG');
    assert.equal(edgeMapName('cam/1 2.JPG', 'png'), 'cam/1 2.png');
    assert.equal(edgeMapName('cam/x.jpeg.jpeg', 'png'), 'cam/x.jpeg.png');
  });

  it('names the PNG of a file given by a name without a JPEG extension by adding .png', () => {
    assert.equal(edgeMapName('shots/frame.bin', 'png'), 'shots/frame.bin.png');
    assert.equal(edgeMapName('shots/frame.bin', 'jpeg'), 'shots/frame.bin');
  });
});
