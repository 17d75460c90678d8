// The Lagrange multipliers of the encoder's decisions, from the picture's QP: lambda for motion
// search (cost = SAD + lambda * bits) and lambda^2-like for mode decisions on the reconstruction
// (cost = SSD + modeLambda * bits), 0.85 * 2^((QP - 12) / 3), the rule of the H.264 reference
// encoder that x264's tables follow.
// see: T. Wiegand, H. Schwarz, A. Joch, F. Kossentini, G. Sullivan, "Rate-constrained coder control
// and comparison of video coding standards", IEEE Trans. CSVT 13(7), 2003 (lambda_mode, and
// lambda_motion = sqrt(lambda_mode) for SAD).

/** Fixed-point fraction bits of modeLambda256. */
export const LAMBDA_SHIFT: i32 = 8;

/** Lambda of the motion cost (SAD + lambda * bits), about 0.85 * 2^((QP - 12) / 6), at least 1. */
export function motionLambda(q: i32): i32 {
  return max(1, <i32>Math.round(0.85 * Math.pow(2, (<f64>q - 12) / 6)));
}

/** 256 * 0.85 * 2^((QP - 12) / 3): cost << 8 = (SSD << 8) + modeLambda256 * bits. */
export function modeLambda256(q: i32): i64 {
  return <i64>Math.round(256 * 0.85 * Math.pow(2, (<f64>q - 12) / 3));
}
