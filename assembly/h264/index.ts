// The H.264 encoder's WebAssembly module: its own module, imported only by the video code
// (src/video/h264/), so the frame function's module and bundle stay as they were.
export { h264WorkspaceBytes, h264Init, h264WriteSps, h264WritePps, h264EncodeFrame, h264CopyReconstruction } from "./encoder";
export {
  h264Sad16x16,
  h264ForwardResidual,
  h264Quantize,
  h264ZeroInterResidualSad,
  h264Dequantize,
  h264InverseResidualAdd,
  h264ForwardLumaDc,
  h264InverseLumaDc,
  h264PredictIntra16,
  h264PredictIntra4,
} from "./kernels";
export { h264HeapBase } from "./heap";
