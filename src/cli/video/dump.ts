// --dump-yuv: the encoder's reconstructed pictures as x264's option of that name writes them, but
// luma only: 8-bit samples, row after row, picture after picture, at the display size. The
// encoder codes odd sizes one pixel larger (the last row and column repeated) and the stream's
// cropping hides that from decoders; the dump drops it too, so it is exactly what a conforming
// decoder outputs for the video.

/** The top-left width x height of a picture coded at the even size (width + width % 2) x (height + height % 2). */
export function cropPicture(picture: Uint8Array, width: number, height: number): Uint8Array {
  const codedWidth = width + (width & 1);
  if (codedWidth === width) return picture.subarray(0, width * height);
  const cropped = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) cropped.set(picture.subarray(y * codedWidth, y * codedWidth + width), y * width);
  return cropped;
}
