// Greyscale baseline JPEG encoder: the exports of this folder.
export { encodeGreyJpeg } from "./encoder";
export { greyJpegBound } from "./bound";
