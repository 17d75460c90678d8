// The files a run of `frame-processor video` writes before its outputs exist: each part's samples
// (the spool), the video being written and the --dump-yuv being written, under temporary names.
// The outputs appear only by rename once whole; everything else is removed however the run ends
// (also synchronously at exit, should the process end some other way).
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { UsageError } from '../../core/errors';
import { temporaryPath } from '../job';
import type { VideoOut } from './args';

/** Refuses, before any work, an output path that is a folder or lies inside a file. */
export function checkOutputPath(path: string, option: string): void {
  const info = statSync(path, { throwIfNoEntry: false });
  if (info?.isDirectory()) throw new UsageError(`${option} ${path} is a folder: give the file to write`);
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw new UsageError(`${option} ${path}: cannot make its folder (${(error as Error).message})`);
  }
}

export class WorkFiles {
  private readonly removeAtExit = () => this.removeNow();

  private constructor(
    /** The folder of the parts' sample files: beside a file output (its disk, not a RAM-backed /tmp), else the system's temporary folder. */
    readonly spool: string,
    private readonly dump?: { path: string; temporary: string },
  ) {
    process.on('exit', this.removeAtExit);
  }

  static async create(out: VideoOut, dumpYuv: string | undefined): Promise<WorkFiles> {
    const spool = out.kind === 'file' ? `${temporaryPath(out.path)}.parts` : await mkdtemp(join(tmpdir(), 'frame-processor-video-'));
    await mkdir(spool, { recursive: true });
    const dump = dumpYuv === undefined ? undefined : { path: dumpYuv, temporary: temporaryPath(dumpYuv) };
    const files = new WorkFiles(spool, dump);
    if (dump) await writeFile(dump.temporary, new Uint8Array(0)).catch(async (error: unknown) => {
      await files.remove();
      throw error;
    });
    return files;
  }

  get dumpPath(): string | undefined {
    return this.dump?.temporary;
  }

  partPath(part: number): string {
    return join(this.spool, `part-${String(part).padStart(6, '0')}.h264`);
  }

  /** Puts the whole --dump-yuv file in place. */
  async keepDump(): Promise<void> {
    if (this.dump) await rename(this.dump.temporary, this.dump.path);
  }

  async remove(): Promise<void> {
    process.off('exit', this.removeAtExit);
    await rm(this.spool, { recursive: true, force: true });
    if (this.dump) await rm(this.dump.temporary, { force: true });
  }

  private removeNow(): void {
    rmSync(this.spool, { recursive: true, force: true });
    if (this.dump) rmSync(this.dump.temporary, { force: true });
  }
}
