// A small DynamoDB Streams poller for tests on moto: what Lambda's event source mapping does for a
// table's stream, in one process. It reads every shard from where it stopped (TRIM_HORIZON at
// first), keeps the records an event filter lets through, and hands them over in the shape of
// Lambda's DynamoDB stream event.
// see: AWS Lambda Developer Guide, "Using AWS Lambda with Amazon DynamoDB" (event shape) and
//      "Lambda event filtering" (filter rules: exact values, exists).
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import { DYNALITE_CREDENTIALS } from '../../src/local/dynamo-server';
import { TEST_REGION } from './s3-server';

/** An event filter's pattern: values are lists of allowed values or `{ exists }` rules, or nested patterns. */
export type FilterPattern = { [field: string]: FilterPattern | (string | number | { exists: boolean })[] };

export interface LambdaStreamRecord {
  eventID?: string;
  eventName?: string;
  eventVersion?: string;
  eventSource: 'aws:dynamodb';
  awsRegion: string;
  dynamodb: Record<string, unknown>;
  eventSourceARN: string;
}

export class StreamPoller {
  private readonly client: DynamoDBStreamsClient;
  private readonly iterators = new Map<string, string | undefined>();

  constructor(endpoint: string, private readonly streamArn: string) {
    this.client = new DynamoDBStreamsClient({ region: TEST_REGION, endpoint, credentials: DYNALITE_CREDENTIALS });
  }

  /** The records written since the last poll, in order per shard, as Lambda would deliver them. */
  async poll(): Promise<LambdaStreamRecord[]> {
    const { StreamDescription } = await this.client.send(new DescribeStreamCommand({ StreamArn: this.streamArn }));
    const records: LambdaStreamRecord[] = [];
    for (const shard of StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      let iterator = this.iterators.has(id)
        ? this.iterators.get(id)
        : (await this.client.send(new GetShardIteratorCommand({ StreamArn: this.streamArn, ShardId: id, ShardIteratorType: 'TRIM_HORIZON' }))).ShardIterator;
      while (iterator) {
        const page = await this.client.send(new GetRecordsCommand({ ShardIterator: iterator }));
        records.push(...(page.Records ?? []).map((record) => this.asLambda(record)));
        iterator = page.NextShardIterator;
        if ((page.Records ?? []).length === 0) break;
      }
      this.iterators.set(id, iterator);
    }
    return records;
  }

  close(): void {
    this.client.destroy();
  }

  private asLambda(record: StreamRecord): LambdaStreamRecord {
    const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
    return {
      eventID: record.eventID,
      eventName: record.eventName,
      eventVersion: record.eventVersion,
      eventSource: 'aws:dynamodb',
      awsRegion: record.awsRegion ?? TEST_REGION,
      dynamodb: { ...dynamodb, ...(ApproximateCreationDateTime && { ApproximateCreationDateTime: Math.floor(ApproximateCreationDateTime.getTime() / 1000) }) },
      eventSourceARN: this.streamArn,
    };
  }
}

/** True when `record` passes `pattern` (the subset of Lambda's filter rules the stack uses). */
export function passesFilter(record: unknown, pattern: FilterPattern): boolean {
  return Object.entries(pattern).every(([field, rule]) => {
    const value = (record as Record<string, unknown> | undefined)?.[field];
    if (!Array.isArray(rule)) return passesFilter(value, rule);
    return rule.some((allowed) => (typeof allowed === 'object' ? allowed.exists === (value !== undefined) : value === allowed));
  });
}
