// moto's server (`python3 -m moto.server`) on 127.0.0.1 and a free port, for the tests that need a
// second DynamoDB implementation, one with transactions and streams: it starts, the given tables
// are created (ACTIVE at once), and it stops with the suite. moto is a Python package, not an npm
// one: where it is missing the tests fail and say what to install; they never skip.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient, type CreateTableCommandInput, type DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { DYNALITE_CREDENTIALS } from '../../src/local/dynamo-server';
import { TEST_REGION } from './s3-server';

/** The version the tests were written against (the machine image's; see .ci/run). */
export const MOTO_VERSION = '5.2.1';
const START_TIMEOUT_MS = 60_000;

export interface RunningMoto {
  /** http://127.0.0.1:PORT: DynamoDB and DynamoDB Streams (and every other service moto mocks). */
  endpoint: string;
  /** The Python that runs it. */
  python: string;
  client(config?: Partial<DynamoDBClientConfig>): DynamoDBClient;
  close(): Promise<void>;
}

let found: string | undefined;

/**
 * A Python that can import moto's server: MOTO_PYTHON if set, else python3 on the PATH, else
 * pyenv's. Throws naming what to install when there is none.
 */
export function motoPython(): string {
  if (found) return found;
  const candidates = process.env.MOTO_PYTHON ? [process.env.MOTO_PYTHON] : ['python3', join(homedir(), '.pyenv', 'shims', 'python3'), '/root/.pyenv/shims/python3'];
  const tried: string[] = [];
  for (const python of [...new Set(candidates)]) {
    const probe = spawnSync(python, ['-c', 'import moto, moto.server, flask_cors; print(moto.__version__)'], { encoding: 'utf8', timeout: 30_000 });
    if (probe.status === 0) return (found = python);
    tried.push(`${python}: ${(probe.error?.message ?? probe.stderr.trim().split('\n').pop()) || `exit ${probe.status}`}`);
  }
  throw new Error(
    `moto's DynamoDB server is not installed: these tests run the tracking trials against moto ${MOTO_VERSION} as well as dynalite. ` +
      `Install it with \`python3 -m pip install 'moto[server]==${MOTO_VERSION}'\` (Debian has no python3-moto package), ` +
      `or set MOTO_PYTHON to a Python that has it. Tried: ${tried.join('; ')}`,
  );
}

export async function startMotoServer(tables: CreateTableCommandInput[] = []): Promise<RunningMoto> {
  const python = motoPython();
  const child = spawn(python, ['-m', 'moto.server', '-H', '127.0.0.1', '-p', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const endpoint = await announcedEndpoint(child);
  const clients: DynamoDBClient[] = [];
  const client = (config: Partial<DynamoDBClientConfig> = {}): DynamoDBClient => {
    const made = new DynamoDBClient({ region: TEST_REGION, endpoint, credentials: DYNALITE_CREDENTIALS, ...config });
    clients.push(made);
    return made;
  };
  const close = async (): Promise<void> => {
    for (const made of clients) made.destroy();
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  try {
    const admin = client();
    for (const table of tables) await admin.send(new CreateTableCommand(table));
  } catch (error) {
    await close();
    throw error;
  }
  return { endpoint, python, client, close };
}

/** Waits for werkzeug's "Running on http://127.0.0.1:PORT"; keeps draining the logs after (one line per request). */
function announcedEndpoint(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => fail(new Error(`moto did not start within ${START_TIMEOUT_MS / 1000} s: ${output.slice(-2000)}`)), START_TIMEOUT_MS);
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(error);
    };
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /Running on (http:\/\/127\.0\.0\.1:\d+)/.exec(output);
      if (!match) return;
      clearTimeout(timer);
      output = '';
      child.stdout!.off('data', read).resume();
      child.stderr!.off('data', read).resume();
      resolve(match[1]);
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('error', fail);
    child.once('exit', (code, signal) => fail(new Error(`moto exited (${signal ?? code}) before it listened: ${output.slice(-2000)}`)));
  });
}
