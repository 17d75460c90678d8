// The DynamoDB servers the tracking tests run on, by name:
//  - `dynalite`: dynalite alone (in memory), as the local stack runs it;
//  - `dynalite+strict`: dynalite behind the strict layer, which holds it to the service's item size
//    and lets tests lag the global indexes and inject throttling and lost answers;
//  - `moto`: moto's server (a second implementation, with transactions and streams) behind the
//    same layer for its faults, lagging indexes and log of changes, but with moto's own item size
//    rule, not the layer's (so that the trials see moto's).
import type { CreateTableCommandInput, DynamoDBClient, DynamoDBClientConfig } from '@aws-sdk/client-dynamodb';
import { startDynamoServer } from '../../src/local/dynamo-server';
import { startStrictDynamo, type StrictDynamo } from './dynamo-strict';
import { startMotoServer } from './moto-server';

export type DynamoBackendName = 'dynalite' | 'dynalite+strict' | 'moto';

export interface DynamoBackend {
  name: DynamoBackendName;
  /** Where clients go: the layer's address when there is one. */
  endpoint: string;
  client(config?: Partial<DynamoDBClientConfig>): DynamoDBClient;
  /** The layer in front of the emulator (all but plain dynalite). */
  strict?: StrictDynamo;
  close(): Promise<void>;
}

export interface BackendOptions {
  /** Lag of the global indexes behind their tables (ms); the emulator's own indexes when absent. */
  indexLagMs?: number;
  /** Seed of the layer's fault draws. */
  seed?: number;
  /** The layer refuses items over 400 KB by DynamoDB's rules: true on dynalite+strict, false on moto unless told. */
  itemSizeLimit?: boolean;
}

export async function startDynamoBackend(name: DynamoBackendName, tables: CreateTableCommandInput[], options: BackendOptions = {}): Promise<DynamoBackend> {
  const emulator = name === 'moto' ? await startMotoServer(tables) : await startDynamoServer({ port: 0, tables });
  if (name === 'dynalite') return { name, endpoint: emulator.endpoint, client: () => emulator.client(), close: () => emulator.close() };
  const strict = await startStrictDynamo({
    upstream: emulator.endpoint,
    itemSizeLimit: options.itemSizeLimit ?? name === 'dynalite+strict',
    indexLagMs: options.indexLagMs,
    seed: options.seed,
  }).catch(async (error) => {
    await emulator.close();
    throw error;
  });
  return {
    name,
    endpoint: strict.endpoint,
    client: (config) => strict.client(config),
    strict,
    async close() {
      await strict.close();
      await emulator.close();
    },
  };
}
