// Finds the frames to process and where their outputs go.
import { readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { UsageError } from './args';
import type { OutputFormat } from '../core/pipeline';

export interface FrameJob {
  input: string;
  output: string;
}

const JPEG_NAME = /\.jpe?g$/i;

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
      jobs.push({ input: file, output: join(out, outputName(rel, format)) });
    }
  }
  return jobs;
}

/** The output's relative path: same name, `.png` replacing the extension for PNG output. */
export function outputName(rel: string, format: OutputFormat): string {
  return format === 'png' ? rel.replace(/(\.jpe?g)?$/i, '.png') : rel;
}

async function jpegsUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && JPEG_NAME.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}
