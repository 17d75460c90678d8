// Seeded test images: the same seed always gives the same pixels.

/** mulberry32: a small, well-known 32-bit PRNG; returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Interleaved RGB of uniform noise. */
export function noiseRgb(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: width * height * 3 }, () => Math.floor(random() * 256));
}

/** Interleaved RGB of smooth gradients and blobs, like a photograph's low frequencies. */
export function smoothRgb(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const [fx, fy, phase] = [random() * 6 + 1, random() * 6 + 1, random() * 6];
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const u = x / width;
      const v = y / height;
      const i = 3 * (y * width + x);
      rgb[i] = Math.round(127.5 + 127.5 * Math.sin(fx * u * Math.PI + phase));
      rgb[i + 1] = Math.round(255 * u * v);
      rgb[i + 2] = Math.round(127.5 + 127.5 * Math.cos(fy * v * Math.PI - phase));
    }
  }
  return rgb;
}

/** A grey plane of gradients and waves: mostly low frequencies, like a photograph. */
export function smoothGrey(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  const [fx, fy, phase] = [random() * 4 + 1, random() * 4 + 1, random() * 6];
  return Uint8Array.from({ length: width * height }, (_, i) => {
    const u = (i % width) / width;
    const v = Math.floor(i / width) / height;
    return Math.round(127.5 + 60 * Math.sin(fx * u * Math.PI + phase) + 60 * Math.cos(fy * v * Math.PI) * u);
  });
}

/** A grey plane of uniform noise: every DCT coefficient large, the longest JPEG codes. */
export function noisyGrey(width: number, height: number, seed: number): Uint8Array {
  const random = seededRandom(seed);
  return Uint8Array.from({ length: width * height }, () => Math.floor(random() * 256));
}

/** Interleaved RGB whose three channels all equal the given grey rows. */
export function rgbFromGrey(rows: number[][]): Uint8Array {
  return Uint8Array.from(rows.flat().flatMap((g) => [g, g, g]));
}

/** Splits a flat plane into rows, for readable assertions. */
export function toRows(data: ArrayLike<number>, width: number): number[][] {
  return Array.from({ length: data.length / width }, (_, y) => Array.from(data).slice(y * width, (y + 1) * width));
}
