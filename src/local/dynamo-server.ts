// A real DynamoDB-compatible HTTP server in this process: dynalite (LevelDB under a directory, or
// in memory) on loopback, for the tests and for npm start's local stack. Tables are created if
// missing and are ACTIVE before start resolves.
// dynalite speaks the DynamoDB JSON API; it has no transactions (TransactWriteItems, TransactGetItems)
// and no streams, so nothing here may rely on them.
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';

interface DynaliteOptions {
  /** LevelDB directory; in memory when absent. */
  path?: string;
  createTableMs?: number;
  deleteTableMs?: number;
  updateTableMs?: number;
}

// dynalite ships no type declarations: this is the one call this file makes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require('dynalite') as (options: DynaliteOptions) => Server;

export interface DynamoServerOptions {
  /** Address to listen on; 127.0.0.1 unless told otherwise. */
  host?: string;
  /** 0 picks a free port. */
  port: number;
  /** Where the data is kept (created if missing); in memory when absent. */
  directory?: string;
  /** Tables created at start unless they exist (an existing table is kept as it is). */
  tables: CreateTableCommandInput[];
}

export interface RunningDynamoServer {
  /** http://host:port, for AWS_ENDPOINT_URL_DYNAMODB and --endpoint-url. */
  endpoint: string;
  port: number;
  /** A client for this server (region us-east-1, dummy credentials: dynalite checks none). */
  client(): DynamoDBClient;
  close(): Promise<void>;
}

/** dynalite accepts any well-formed SigV4 credentials. */
export const DYNALITE_CREDENTIALS = { accessKeyId: 'DYNALITE', secretAccessKey: 'DYNALITE' } as const;

export async function startDynamoServer(options: DynamoServerOptions): Promise<RunningDynamoServer> {
  const host = options.host ?? '127.0.0.1';
  if (options.directory) await mkdir(options.directory, { recursive: true });
  // Tables become ACTIVE at once: the 500 ms CREATING state only slows tests down.
  const server = dynalite({ path: options.directory, createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  try {
    await listen(server, options.port, host);
  } catch (error) {
    // dynalite closes its database (and LevelDB's lock on the directory) only in server.close(),
    // which needs a listening server: listen anywhere on loopback, then close.
    await listen(server, 0, host);
    await closeServer(server, []);
    throw error;
  }
  const port = (server.address() as AddressInfo).port;
  const endpoint = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const clients: DynamoDBClient[] = [];
  const client = (): DynamoDBClient => {
    const made = new DynamoDBClient({ region: 'us-east-1', endpoint, credentials: DYNALITE_CREDENTIALS });
    clients.push(made);
    return made;
  };
  const admin = client();
  try {
    for (const table of options.tables) await createTableIfMissing(admin, table);
  } catch (error) {
    await closeServer(server, clients);
    throw error;
  }
  return { endpoint, port, client, close: () => closeServer(server, clients) };
}

async function createTableIfMissing(client: DynamoDBClient, table: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new DescribeTableCommand({ TableName: table.TableName }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
    await client.send(new CreateTableCommand(table));
    await untilActive(client, table.TableName!);
  }
}

/**
 * dynalite answers CreateTable with the table CREATING and marks it ACTIVE in a second, later
 * write (even with createTableMs 0): until then every item request is ResourceNotFoundException
 * (on a busy machine the first request can win that race), and a server closed before that write
 * keeps the table CREATING in its data directory for good. So start waits for ACTIVE, indexes too.
 */
async function untilActive(client: DynamoDBClient, tableName: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    const indexes = Table?.GlobalSecondaryIndexes ?? [];
    if (Table?.TableStatus === 'ACTIVE' && indexes.every((index) => index.IndexStatus === 'ACTIVE')) return;
    if (attempt >= 1000) throw new Error(`table ${tableName} is still ${Table?.TableStatus} after ${attempt} checks`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/** Closes every client made here (their keep-alive sockets), then the server and its database. */
async function closeServer(server: Server, clients: DynamoDBClient[]): Promise<void> {
  for (const client of clients) client.destroy();
  server.closeAllConnections?.();
  await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
}
