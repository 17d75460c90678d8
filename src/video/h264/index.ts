// The H.264 encoder's public surface.
export { createH264Encoder, DEFAULT_FRAME_RATE, DEFAULT_KEYFRAME_SECONDS, DEFAULT_QP } from './encoder';
export type { EncodedFrame, H264Encoder, H264EncoderOptions, H264ParameterSets } from './encoder';
export { nalUnitsOf, toAnnexB } from './annex-b';
export { H264ClosedError, H264Error, H264InputError, H264OptionError, H264SizeError, H264TrapError } from './errors';
