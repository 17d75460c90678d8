// Motion-JPEG frames (AVI1, many IP cameras) leave out the DHT segment: they are coded with the
// example tables of the JPEG standard, which a decoder must supply. This puts them back for the
// jpeg-js fallback (the WebAssembly decoder supplies them itself), taking the tables from the
// module's one copy of them (assembly/jpeg-tables.ts).
// see: ITU-T T.81 Annex K.3, Tables K.3 to K.6 (typical Huffman tables); the AVI1 MJPEG format.
import type { Kernel } from '../wasm/instance';

let standardDht: Uint8Array | undefined;

/** One DHT segment (marker included) defining the four standard tables; allocates in the kernel the first time. */
export function standardHuffmanDht(kernel: Kernel): Uint8Array {
  standardDht ??= kernel.standardHuffmanDht();
  return standardDht;
}

/** A copy of `jpeg` with the DHT segment `dht` right after SOI, where any decoder finds it before the scans. */
export function withHuffmanTables(jpeg: Uint8Array, dht: Uint8Array): Uint8Array {
  const out = new Uint8Array(jpeg.length + dht.length);
  out.set(jpeg.subarray(0, 2));
  out.set(dht, 2);
  out.set(jpeg.subarray(2), 2 + dht.length);
  return out;
}
