// Runs the WebAssembly kernel stages on plain arrays, for comparison with the reference.
import { blurInKernel, edgesInKernel } from '../../src/core/blur-and-sobel';
import type { Kernel } from '../../src/wasm/instance';
import type { Plane } from '../../src/core/reference';

/** Grey of interleaved RGB through the kernel. */
export function kernelGrey(kernel: Kernel, rgb: Uint8Array, width: number, height: number): Plane {
  kernel.reset();
  const src = kernel.copyIn(rgb);
  const dst = kernel.alloc(width * height);
  kernel.greyFromRgb(src, dst, width * height);
  return { width, height, data: kernel.copyOut(dst, width * height) };
}

/** Blur of a grey plane through the kernel (the plane is blurred in place in kernel memory). */
export function kernelBlur(kernel: Kernel, grey: Plane, sigma: number): Plane {
  const { width, height } = grey;
  kernel.reset();
  const plane = kernel.copyIn(grey.data);
  blurInKernel(kernel, { plane, width, height }, sigma);
  return { width, height, data: kernel.copyOut(plane, width * height) };
}

/** grey -> blur -> Sobel through the kernel. */
export function kernelEdges(kernel: Kernel, rgb: Uint8Array, width: number, height: number, sigma: number): Plane {
  kernel.reset();
  const src = kernel.copyIn(rgb);
  const plane = kernel.alloc(width * height);
  kernel.greyFromRgb(src, plane, width * height);
  const edges = edgesInKernel(kernel, { plane, width, height }, sigma);
  return { width: width - 2, height: height - 2, data: kernel.copyOut(edges, (width - 2) * (height - 2)) };
}
