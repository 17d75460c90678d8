// The WebAssembly module's exports. Every per-pixel loop of frame-processor lives here;
// the TypeScript side (src/wasm/instance.ts) owns the memory and passes explicit pointers.
export { heapBase } from "./heap";
export { greyFromRgb } from "./grey";
export { gaussianBlur, fineBlur } from "./blur";
export { sobel } from "./sobel";
export { reduceMean } from "./reduce";
export { upsampleSobel, upsampleSobelJpeg, upsampleScratchBytes } from "./upsample-sobel";
export { encodeGreyJpeg, greyJpegBound } from "./jpeg-encode/index";
export { jpegParse, jpegWidth, jpegHeight, jpegComponents, jpegFrameType, jpegSampling, jpegScratchBytes, jpegDecodeGrey, jpegScanEnd } from "./jpeg-decode/index";
export { standardDhtBytes, writeStandardDht } from "./jpeg-tables";
export { roundLanesOf, floorLanesOf } from "./lanes";
