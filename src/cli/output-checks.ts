// Refusals before any work, so that --out never destroys or mixes up frames: an --out that is a
// file or an input folder, an output that would overwrite an input file, two inputs that would
// write one output, one file given twice. Paths are compared where they really are: realpath
// resolves symlinks, '.', '..' and trailing slashes as the OS does. Two spellings that differ only
// in case are different paths here, even on a case-insensitive filesystem.
import type { Stats } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../core/errors';
import type { FrameJob } from './files';

/** At most this many conflicts are listed; the rest are counted. */
const LISTED_CONFLICTS = 20;

/** Where `path` is and, for a path not there yet, its deepest part that exists. */
interface Location {
  real: string;
  existing: string;
  stats: Stats;
}

/** The real path of --out, which may not exist yet; refuses an --out that is or lies in a file, or is an input folder. */
export async function checkOutFolder(out: string, inputs: string[]): Promise<string> {
  const trimmed = out.replace(/(?<=.)\/+$/, '');
  const { real, existing, stats } = await locate(trimmed);
  if (!stats.isDirectory()) {
    throw new UsageError(existing === trimmed ? `--out ${out} is a file, not a folder` : `--out ${out} is inside ${existing}, which is a file`);
  }
  for (const input of inputs) {
    const info = await stat(input).catch(() => undefined);
    if (info?.isDirectory() && (await realpath(input)) === real) {
      throw new UsageError(`--out ${out} is the input folder ${input}: its frames would be overwritten`);
    }
  }
  return real;
}

/**
 * Refuses, listing every conflict, jobs that read one file twice, write one file twice, or write
 * over an input. Outputs `onS3` are s3:// URLs, compared as they are (and never an input file).
 */
export async function checkOutputs(jobs: FrameJob[], onS3 = false): Promise<void> {
  const real = realPaths();
  const inputs = await Promise.all(jobs.map((job) => real.ofInput(job)));
  const outputs = onS3 ? jobs.map((job) => job.output) : await Promise.all(jobs.map((job) => real.ofOutput(job.output)));
  const reading = new Map<string, FrameJob>();
  const writing = new Map<string, FrameJob>();
  const conflicts: string[] = [];
  jobs.forEach((job, i) => {
    const twice = reading.get(inputs[i]);
    const sharer = writing.get(outputs[i]);
    if (twice) conflicts.push(`${named(twice)} and ${named(job)} are one file, given twice`);
    else if (sharer) conflicts.push(`${named(sharer)} and ${named(job)} would both write ${job.output}`);
    reading.set(inputs[i], twice ?? job);
    writing.set(outputs[i], sharer ?? job);
  });
  for (const [output, job] of writing) {
    const overwritten = reading.get(output);
    if (overwritten) conflicts.push(`the output of ${job.input} would overwrite the input ${overwritten.input}`);
  }
  if (conflicts.length > 0) throw new UsageError(listed(conflicts));
}

/** An input as the user gave it: a file, or a file in a folder given. */
function named(job: FrameJob): string {
  return job.from === job.input ? job.input : `${job.input} (in ${job.from})`;
}

function listed(conflicts: string[]): string {
  const more = conflicts.length - LISTED_CONFLICTS;
  return [...conflicts.slice(0, LISTED_CONFLICTS), ...(more > 0 ? [`and ${more} more like these`] : [])].join('\n');
}

/** Real paths of inputs and outputs, each folder resolved once. */
function realPaths() {
  const folders = new Map<string, Promise<string>>();
  const folder = (path: string) => {
    let real = folders.get(path);
    if (!real) folders.set(path, (real = locate(path).then((location) => location.real)));
    return real;
  };
  return {
    /** An input file: one named is itself resolved (a symlink reads its target); one found in a folder is no symlink. */
    ofInput: async (job: FrameJob) => (job.from === job.input ? realpath(job.input) : join(await folder(dirname(job.input)), basename(job.input))),
    /** An output: its folder resolved, its name kept, since the rename that writes it replaces a symlink there. */
    ofOutput: async (path: string) => join(await folder(dirname(path)), basename(path)),
  };
}

/** `path` resolved; for a path not there yet, its deepest existing part resolved and the rest appended. */
async function locate(path: string): Promise<Location> {
  try {
    const stats = await stat(path);
    return { real: await realpath(path), existing: path, stats };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(path) === path) throw error;
    const parent = await locate(dirname(path));
    return { ...parent, real: join(parent.real, basename(path)) };
  }
}
