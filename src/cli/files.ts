// Finds the frames to process and where their outputs go.
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { UsageError } from '../core/errors';
import { edgeMapName, isJpegName } from '../core/frame-names';
import type { OutputFormat } from '../core/pipeline';

export interface FrameJob {
  /** The file read. */
  input: string;
  /** The file written. */
  output: string;
  /** The command-line input that named it: the file itself, or a folder holding it. */
  from: string;
}

/**
 * Every input file (folders searched recursively for .jpg/.jpeg) with its output path under `out`.
 * The folder whose real path is `realOut` is not searched, so outputs are never taken as inputs.
 */
export async function findJobs(inputs: string[], out: string, realOut: string, format: OutputFormat): Promise<FrameJob[]> {
  const jobs: FrameJob[] = [];
  for (const from of inputs) {
    const info = await stat(from).catch(() => {
      throw new UsageError(`input not found: ${from}`);
    });
    const names = info.isDirectory() ? await jpegsUnder(from, realOut) : undefined;
    if (names?.length === 0) throw new UsageError(`input folder ${from} holds no .jpg/.jpeg file`);
    if (!names) jobs.push({ input: from, output: join(out, edgeMapName(basename(from), format)), from });
    for (const name of names ?? []) jobs.push({ input: join(from, name), output: join(out, edgeMapName(name, format)), from });
  }
  return jobs;
}

/**
 * The JPEGs under `dir` as paths relative to it, sorted, leaving out the folder whose real path is
 * `skip`. Symlinks (to files or folders) are not followed, so each folder visited is really where
 * `dir`'s real path and its relative path say.
 */
async function jpegsUnder(dir: string, skip: string): Promise<string[]> {
  const realDir = await realpath(dir);
  const found: string[] = [];
  const visit = async (relativeDir: string): Promise<void> => {
    for (const entry of await readdir(join(dir, relativeDir), { withFileTypes: true })) {
      const path = join(relativeDir, entry.name);
      if (entry.isDirectory() && join(realDir, path) !== skip) await visit(path);
      else if (entry.isFile() && isJpegName(entry.name)) found.push(path);
    }
  };
  await visit('');
  return found.sort();
}
