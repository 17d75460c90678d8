// Our encoder's side of the H.264 benchmark: one encode of a sequence at a QP measured as a viewer
// gets it (bytes, and PSNR-Y of the stream as ffmpeg decodes it), and timed encodes in CPU time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toAnnexB } from '../src/video/h264/annex-b';
import { WasmH264Encoder, type EncodedFrame } from '../src/video/h264/encoder';
import { H264Module } from '../src/video/h264/module';
import { runChild } from './child-process';
import type { CurvePoint } from './h264-compare';
import { psnr, type EdgeMap } from './h264-sequence';
import { decodeGray } from './h264-x264';
import { median } from './stats';

export type PsnrSource = 'decoded by ffmpeg' | 'reconstruction';

export interface OursPoint extends CurvePoint {
  psnrMin: number;
  psnrMedian: number;
  /** Of what the PSNR figures are: the stream as ffmpeg decodes it, or (without ffmpeg) the encoder's reconstruction. */
  psnrOf: PsnrSource;
  keyframeInterval: number;
}

export interface OursTiming {
  /** Medians over the runs: CPU milliseconds of the encode calls and wall milliseconds of the whole sequence, CPU ms of the IDR picture and of a P picture. */
  cpuMs: number;
  wallMs: number;
  idrCpuMs: number;
  pCpuMs: number;
}

/**
 * Bytes and per-frame PSNR of what a viewer gets: the stream decoded by ffmpeg. Without ffmpeg, of
 * the encoder's reconstruction, which the tests hold equal to every decoder's picture; a decoded
 * picture that differs from the reconstruction is logged as the bug it is.
 */
export function measurePoint(maps: readonly EdgeMap[], qp: number, log: (line: string) => void): OursPoint {
  const { width, height } = maps[0];
  const encoder = new WasmH264Encoder({ width, height, qp }, H264Module.instance());
  const frames: EncodedFrame[] = [];
  let cpuMicros = 0;
  const reconstructed = maps.map((map, i) => {
    const before = process.cpuUsage();
    frames.push(encoder.encode(map.plane, i));
    const used = process.cpuUsage(before);
    cpuMicros += used.user + used.system;
    return psnr(map.plane, width, height, encoder.reconstruction(), encoder.width);
  });
  encoder.close();
  const bytes = frames.reduce((sum, frame) => sum + frame.data.length, 0);
  let psnrs = reconstructed, psnrOf: PsnrSource = 'reconstruction';
  try {
    const pictures = decodeGray(toAnnexB(encoder.parameterSets, frames), encoder.width, encoder.height);
    if (pictures.length !== maps.length) throw new Error(`ffmpeg decoded ${pictures.length} of ${maps.length} pictures`);
    psnrs = maps.map((map, i) => psnr(map.plane, width, height, pictures[i], encoder.width));
    psnrOf = 'decoded by ffmpeg';
    if (psnrs.some((value, i) => value !== reconstructed[i])) log(`QP ${qp}: the decoded stream differs from the encoder's reconstruction: a decoder-exactness bug`);
  } catch (error) {
    log(`QP ${qp}: PSNR of the encoder's reconstruction instead of the decoded stream: ${(error as Error).message}`);
  }
  return {
    qp,
    bytes,
    psnrMean: psnrs.reduce((a, b) => a + b, 0) / psnrs.length,
    psnrMin: Math.min(...psnrs),
    psnrMedian: median(psnrs),
    psnrOf,
    cpuSeconds: cpuMicros / 1e6,
    keyframeInterval: encoder.keyframeInterval,
  };
}

/**
 * One warm-up, then `runs` timed encodes of the whole sequence at `qp`, in a fresh process
 * (child-h264-encode.ts): the CPU time of the encode calls, one thread.
 */
export function timeEncodes(maps: readonly EdgeMap[], qp: number, runs: number): OursTiming {
  const { width, height } = maps[0];
  const dir = mkdtempSync(join(tmpdir(), 'bench-h264-'));
  try {
    const path = join(dir, 'planes.gray');
    writeFileSync(path, Buffer.concat(maps.map((m) => m.plane)));
    return runChild<OursTiming>('child-h264-encode', [path, width, height, maps.length, qp, runs].map(String));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
