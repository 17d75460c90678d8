// Finds the frames to process and where their outputs go.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { UsageError } from '../core/errors';
import { edgeMapName, isJpegName } from '../core/frame-names';
import type { OutputFormat } from '../core/pipeline';

export interface FrameJob {
  input: string;
  output: string;
}

/** Every input file (directories searched recursively for .jpg/.jpeg) with its output path under `out`. */
export async function findJobs(inputs: string[], out: string, format: OutputFormat): Promise<FrameJob[]> {
  const jobs: FrameJob[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => {
      throw new UsageError(`input not found: ${input}`);
    });
    const files = info.isDirectory() ? await jpegsUnder(input) : [input];
    for (const file of files) {
      const rel = info.isDirectory() ? relative(input, file) : basename(file);
      jobs.push({ input: file, output: join(out, edgeMapName(rel, format)) });
    }
  }
  return jobs;
}

async function jpegsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && isJpegName(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
