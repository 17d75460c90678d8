// One `npm start` per data folder: a second one would open the same LevelDB (dynalite's lock
// refuses it, and the stack died with "Database is closed") and the same buckets. A lock file
// holding the owner's process id is created exclusively at start and removed at stop; a lock
// whose process is gone (a killed run) is taken over.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const LOCK_FILE = '.npm-start.lock';

/** The data folder is in use by another running stack. */
export class DataFolderInUseError extends Error {
  override name = 'DataFolderInUseError';
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(`the data folder ${dataDir} is in use by another npm start (process ${pid}): stop it first, or give this one another --data-dir`);
  }
}

export interface DataLock {
  release(): Promise<void>;
}

export async function lockDataFolder(dataDir: string): Promise<DataLock> {
  const path = join(dataDir, LOCK_FILE);
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(path, `${process.pid}\n`, { flag: 'wx' });
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    const owner = Number((await readFile(path, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) throw new DataFolderInUseError(dataDir, owner);
    await rm(path, { force: true }); // left by a run that was killed
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
