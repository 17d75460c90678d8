// Counts the DynamoDB requests a client sends (one per command, retries not counted) and the
// capacity units the server reports for them, by adding ReturnConsumedCapacity to each request.
// For tests and the benchmark: how many reads and writes tracking costs per frame.
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';

const READS = new Set(['GetItemCommand', 'BatchGetItemCommand', 'QueryCommand', 'ScanCommand']);
const WRITES = new Set(['UpdateItemCommand', 'PutItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand']);

export interface RequestCounts {
  reads: number;
  writes: number;
  readUnits: number;
  writeUnits: number;
  byCommand: Record<string, number>;
}

export interface RequestCounter {
  counts(): RequestCounts;
  reset(): void;
}

interface Capacity {
  CapacityUnits?: number;
}

export function countRequests(client: DynamoDBClient): RequestCounter {
  let counts = empty();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const command = String(context.commandName ?? 'unknown');
      const isRead = READS.has(command);
      if (isRead) counts.reads++;
      else if (WRITES.has(command)) counts.writes++;
      counts.byCommand[command] = (counts.byCommand[command] ?? 0) + 1;
      const input = { ...(args.input as object), ReturnConsumedCapacity: 'TOTAL' };
      const result = await next({ ...args, input });
      const reported = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
      const units = [reported ?? []].flat().reduce((sum, entry) => sum + (entry.CapacityUnits ?? 0), 0);
      if (isRead) counts.readUnits += units;
      else counts.writeUnits += units;
      return result;
    },
    { step: 'initialize', name: 'trackingRequestCounter' },
  );
  return { counts: () => ({ ...counts, byCommand: { ...counts.byCommand } }), reset: () => (counts = empty()) };
}

function empty(): RequestCounts {
  return { reads: 0, writes: 0, readUnits: 0, writeUnits: 0, byCommand: {} };
}
