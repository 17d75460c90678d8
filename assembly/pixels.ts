// Pixel access helpers shared by the kernels. Planes are row-major, one byte (u8 plane)
// or two bytes (u16 plane) per sample, with the row stride equal to the width.

/** Byte at `plane[index]`, no bounds check. */
@inline export function u8At(plane: usize, index: i32): i32 {
  return <i32>load<u8>(plane + <usize>index);
}

/** u16 at `plane[index]`, no bounds check. */
@inline export function u16At(plane: usize, index: i32): i32 {
  return <i32>load<u16>(plane + (<usize>index << 1));
}

/** Stores the low 8 bits of `value` at `plane[index]`. */
@inline export function setU8(plane: usize, index: i32, value: i32): void {
  store<u8>(plane + <usize>index, <u8>value);
}

/** Stores the low 16 bits of `value` at `plane[index]`. */
@inline export function setU16(plane: usize, index: i32, value: i32): void {
  store<u16>(plane + (<usize>index << 1), <u16>value);
}
