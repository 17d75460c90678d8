// One frame from file to file, or (when S3 is on either side, and the main thread does the
// transfers) from bytes to an edge map; used in the main thread (--concurrency 1) and in workers.
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { FrameJob } from './files';
import { FrameError } from '../core/errors';
import { processFrame, type FrameResult, type FrameSettings } from '../core/pipeline';

export type JobSettings = FrameSettings;

/**
 * `message` names the file and the reason; `stopped` marks a frame stopped in progress by Ctrl-C;
 * `skipped` an output already there, made from the same source with the same settings.
 */
export type JobOutcome = { ok: true; skipped?: boolean } | JobFailure;

export type JobFailure = { ok: false; message: string; stopped?: boolean };

/** An edge map made from bytes, or why not (`message` names the frame). */
export type ComputeOutcome = { ok: true; result: FrameResult } | JobFailure;

/** A name next to `output` for writing it before it is renamed into place; not a frame name. */
export function temporaryPath(output: string): string {
  return `${output}.${randomBytes(6).toString('hex')}.partial`;
}

/**
 * Reads, processes and writes one frame; the output appears whole (written to `temporary`, then
 * renamed into place) or not at all.
 */
export async function runJob(job: FrameJob, settings: JobSettings, temporary = temporaryPath(job.output)): Promise<JobOutcome> {
  try {
    const bytes = await readFile(job.input);
    const result = processFrame(bytes, { ...settings, source: job.input });
    await writeWhole(job.output, temporary, result.bytes);
    return { ok: true };
  } catch (error) {
    return { ok: false, message: describe(error, job.input) };
  }
}

/** The edge map of `bytes`, the frame named `source` (its path or s3:// URL). */
export function computeFrame(bytes: Uint8Array, settings: JobSettings, source: string): ComputeOutcome {
  try {
    return { ok: true, result: processFrame(bytes, { ...settings, source }) };
  } catch (error) {
    return { ok: false, message: describe(error, source) };
  }
}

/** Writes `bytes` at `path` whole or not at all: to `temporary` first, then renamed into place. */
export async function writeWhole(path: string, temporary: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  try {
    await writeFile(temporary, bytes);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

/** One line naming the file and the reason, never a stack trace. */
export function describe(error: unknown, input: string): string {
  if (error instanceof FrameError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  return message.includes(input) ? message : `${input}: ${message}`;
}
