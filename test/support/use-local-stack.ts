// One local stack for a describe block, as most local-stack tests want it: a temporary data
// folder, the stack on free ports with its printed lines kept, an S3 client for it; started in
// `before`, closed and removed in `after`. Call it at the top of the describe block.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import { startLocalStack, type LocalStack, type LocalStackOptions } from '../../src/local/stack';
import { clientFor } from './local-stack';

export interface UseLocalStackOptions extends Partial<Omit<LocalStackOptions, 'dataDir' | 'print'>> {
  /** The temporary folder's name starts with frame-processor-<name>-. */
  name: string;
  /** The data folder under the temporary folder (default: the temporary folder itself). */
  dataSubdir?: string;
}

export interface UsedLocalStack {
  readonly stack: LocalStack;
  readonly client: S3Client;
  /** The temporary folder (removed in `after`). */
  readonly root: string;
  readonly dataDir: string;
  /** Every line the stack printed, in order. */
  readonly lines: string[];
  /** Closes the stack and starts it again on the same data folder (its lines start afresh). */
  restart(): Promise<LocalStack>;
}

export function useLocalStack(options: UseLocalStackOptions): UsedLocalStack {
  const { name, dataSubdir, ...stackOptions } = options;
  let stack: LocalStack | undefined;
  let client: S3Client | undefined;
  let root = '';
  const lines: string[] = [];
  const dataDir = () => (dataSubdir ? join(root, dataSubdir) : root);
  const start = async () => {
    stack = await startLocalStack({ port: 0, env: { LOG_LEVEL: 'SILENT' }, ...stackOptions, dataDir: dataDir(), print: (line) => lines.push(line) });
    client = clientFor(stack.endpoint);
    return stack;
  };
  const stop = async () => {
    client?.destroy();
    await stack?.close();
    client = stack = undefined;
  };

  before(async () => {
    root = await mkdtemp(join(tmpdir(), `frame-processor-${name}-`));
    await start();
  });
  after(async () => {
    await stop();
    await rm(root, { recursive: true, force: true });
  });

  const started = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`useLocalStack: no ${what} outside the describe block's tests`);
    return value;
  };
  return {
    get stack() {
      return started(stack, 'stack');
    },
    get client() {
      return started(client, 'client');
    },
    get root() {
      return root;
    },
    get dataDir() {
      return dataDir();
    },
    lines,
    async restart() {
      await stop();
      lines.length = 0;
      return start();
    },
  };
}
