// Greyscale baseline JPEG encoder: the exports of this folder.
export { encodeGreyJpeg } from "./encode";
export { greyJpegBound } from "./bound";
