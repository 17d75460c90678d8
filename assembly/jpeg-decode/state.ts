// What jpegParse learns about the image and jpegDecodeGrey uses: one image at a time, kept in
// globals and static memory (the runtime is `stub`: nothing is allocated at run time).
// see: ITU-T T.81 (JPEG), B.2.2 frame header, B.2.3 scan header.

/** Components this decoder decodes (1 = grey, 3 = YCbCr); frames may declare up to 255. */
export const MAX_COMPONENTS: i32 = 3;

/** The SOFn marker's low byte (0xC0 baseline, 0xC1 extended, 0xC2 progressive); 0 before one is parsed. */
export let frameMarker: i32 = 0;
export let frameWidth: i32 = 0;
export let frameHeight: i32 = 0;
export let componentCount: i32 = 0;
/** Largest horizontal / vertical sampling factor (1 for a one-component frame). */
export let maxH: i32 = 1;
export let maxV: i32 = 1;
/** MCUs between restart markers (0 = no restart markers). */
export let restartInterval: i32 = 0;
/** First byte of the entropy-coded data of the scan, and the end of the input. */
export let scanStart: usize = 0;
export let inputEnd: usize = 0;
/** True after a jpegParse that returned OK; jpegDecodeGrey needs it. */
export let parsed: bool = false;
export let sawJfif: bool = false;
/** Transform flag of an Adobe APP14 segment, -1 if there is none. */
export let adobeTransform: i32 = -1;

/** Forgets everything about the previous image. */
export function resetState(): void {
  frameMarker = 0;
  frameWidth = 0;
  frameHeight = 0;
  componentCount = 0;
  maxH = 1;
  maxV = 1;
  restartInterval = 0;
  scanStart = 0;
  inputEnd = 0;
  parsed = false;
  sawJfif = false;
  adobeTransform = -1;
  memory.fill(COMPONENTS, 0, COMPONENT_BYTES * MAX_COMPONENTS);
  memory.fill(DECLARED_SAMPLING, 0, MAX_DECLARED);
}

/** Components whose sampling factors are kept as declared (CMYK and YCCK have 4). */
export const MAX_DECLARED: i32 = 4;
/** (H << 4) | V of each frame component as its frame header declares it, for the host to compare. */
const DECLARED_SAMPLING = memory.data(MAX_DECLARED);
export function declaredSampling(c: i32): i32 {
  return c >= 0 && c < MAX_DECLARED ? <i32>load<u8>(DECLARED_SAMPLING + <usize>c) : 0;
}
export function setDeclaredSampling(c: i32, hv: i32): void {
  if (c < MAX_DECLARED) store<u8>(DECLARED_SAMPLING + <usize>c, <u8>hv);
}

// Per-component record: i32 fields at these byte offsets.
export const C_ID: i32 = 0; // component identifier from the frame header
export const C_H: i32 = 4; // horizontal sampling factor
export const C_V: i32 = 8; // vertical sampling factor
export const C_TQ: i32 = 12; // quantisation table id
export const C_TD: i32 = 16; // DC Huffman table id (from the scan header)
export const C_TA: i32 = 20; // AC Huffman table id
export const C_PLANE: i32 = 24; // offset of its sample rows in the scratch memory
export const C_STRIDE: i32 = 28; // bytes per sample row (blocks per line * 8)
export const C_PRED: i32 = 32; // DC predictor
export const C_N: i32 = 36; // samples per block side as decoded: 8, or 4, 2, 1 at a reduced scale
export const C_RH: i32 = 40; // horizontal / vertical replication from the component's samples to the output grid
export const C_RV: i32 = 44;
export const C_SIZE: i32 = 48; // bytes per sample in its rows: 1, or 2 for 1/16 levels
const COMPONENT_BYTES: i32 = 64;
const COMPONENTS = memory.data(COMPONENT_BYTES * MAX_COMPONENTS, 16);

/** Field `field` (a C_... offset) of component `c` (frame order, 0-based). */
@inline export function comp(c: i32, field: i32): i32 {
  return load<i32>(COMPONENTS + <usize>(c * COMPONENT_BYTES + field));
}
@inline export function setComp(c: i32, field: i32, value: i32): void {
  store<i32>(COMPONENTS + <usize>(c * COMPONENT_BYTES + field), value);
}
/** Address of a field, for the hot loop (the DC predictor). */
@inline export function compAddress(c: i32, field: i32): usize {
  return COMPONENTS + <usize>(c * COMPONENT_BYTES + field);
}

/** Frame component index of the scan's i-th component (the order of the MCU's blocks). */
const SCAN_ORDER = memory.data(MAX_COMPONENTS * 4, 4);
@inline export function scanComponent(i: i32): i32 {
  return load<i32>(SCAN_ORDER + <usize>(i << 2));
}
@inline export function setScanComponent(i: i32, c: i32): void {
  store<i32>(SCAN_ORDER + <usize>(i << 2), c);
}
