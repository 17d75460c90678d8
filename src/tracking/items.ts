// Reading attributes off raw DynamoDB items, and the few request shapes the core repeats.
// Raw AttributeValues on purpose: number sets must go out as canonical decimal strings (dynalite
// compares set members as strings) and come back as strings.
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  GetItemCommand,
  UpdateItemCommand,
  type AttributeValue,
  type DynamoDBClient,
  type UpdateItemCommandInput,
} from '@aws-sdk/client-dynamodb';
import { TransientTrackingError } from './errors';
import { HASH_KEY } from './table';

const MAX_BATCH_ATTEMPTS = 10;

export type Item = Record<string, AttributeValue>;

export function keyOf(id: string): Item {
  return { [HASH_KEY]: { S: id } };
}

export function num(item: Item | undefined, name: string): number | undefined {
  const value = item?.[name]?.N;
  return value === undefined ? undefined : Number(value);
}

export function str(item: Item | undefined, name: string): string | undefined {
  return item?.[name]?.S;
}

export function numSet(item: Item | undefined, name: string): number[] {
  return (item?.[name]?.NS ?? []).map(Number);
}

export function strSet(item: Item | undefined, name: string): string[] {
  return item?.[name]?.SS ?? [];
}

export function bool(item: Item | undefined, name: string): boolean {
  return item?.[name]?.BOOL === true;
}

export const N = (value: number): AttributeValue => ({ N: String(value) });
export const S = (value: string): AttributeValue => ({ S: value });
export const NS = (...values: number[]): AttributeValue => ({ NS: values.map(String) });
export const SS = (...values: string[]): AttributeValue => ({ SS: values });
export const BOOL = (value: boolean): AttributeValue => ({ BOOL: value });

export interface Table {
  client: DynamoDBClient;
  name: string;
}

/** UpdateItem returning the whole item after the write (ALL_NEW). */
export async function updateAllNew(table: Table, id: string, input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>): Promise<Item> {
  const out = await table.client.send(new UpdateItemCommand({ ...input, TableName: table.name, Key: keyOf(id), ReturnValues: 'ALL_NEW' }));
  return out.Attributes ?? {};
}

/** Like updateAllNew, but undefined when the condition was not met (nothing was written). */
export async function updateIf(table: Table, id: string, input: Omit<UpdateItemCommandInput, 'TableName' | 'Key'>): Promise<Item | undefined> {
  try {
    return await updateAllNew(table, id, input);
  } catch (error) {
    if (error instanceof ConditionalCheckFailedException) return undefined;
    throw error;
  }
}

/** A strongly consistent GetItem; undefined if there is no item. */
export async function getConsistent(table: Table, id: string): Promise<Item | undefined> {
  const out = await table.client.send(new GetItemCommand({ TableName: table.name, Key: keyOf(id), ConsistentRead: true }));
  return out.Item;
}

/**
 * Strongly consistent BatchGetItem of `ids` (100 keys per request, unprocessed keys asked again):
 * BatchGetItem is eventually consistent unless ConsistentRead is set. Missing items are absent.
 */
export async function batchGetConsistent(table: Table, ids: string[]): Promise<Map<string, Item>> {
  const found = new Map<string, Item>();
  for (let start = 0; start < ids.length; start += 100) {
    let keys: Item[] = ids.slice(start, start + 100).map(keyOf);
    for (let attempt = 0; keys.length > 0; attempt++) {
      if (attempt >= MAX_BATCH_ATTEMPTS) throw new TransientTrackingError(`${keys.length} keys still unprocessed after ${attempt} BatchGetItem requests with backoff (throttled)`, table.name);
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(1000, 25 * 2 ** attempt)));
      const out = await table.client.send(new BatchGetItemCommand({ RequestItems: { [table.name]: { Keys: keys, ConsistentRead: true } } }));
      for (const item of out.Responses?.[table.name] ?? []) found.set(item[HASH_KEY].S ?? '', item);
      keys = out.UnprocessedKeys?.[table.name]?.Keys ?? [];
    }
  }
  return found;
}
