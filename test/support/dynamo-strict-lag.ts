// Global secondary indexes that lag their table, as DynamoDB's do: a GSI is updated
// asynchronously and a Query on it is eventually consistent (ConsistentRead is refused on a GSI).
// see: Amazon DynamoDB Developer Guide, "Using Global Secondary Indexes in DynamoDB", section
//      "Synchronizing data between tables and global secondary indexes".
// The layer keeps a copy of each table that has global indexes (`<table>.strict-lagged`, with the
// same indexes) and writes every change to it `lagMs` after the change was made, in order. A Query
// or Scan on an index reads the copy: it sees the table as it was `lagMs` ago, exactly.
import type { IncomingHttpHeaders } from 'node:http';
import type { RawItem } from './dynamo-strict-size';
import type { StrictTables } from './dynamo-strict-tables';
import type { Change } from './dynamo-strict-writes';
import { OWN_HEADERS, ok, type Answer, type Json, type Upstream } from './dynamo-strict-upstream';

const LAGGED_SUFFIX = '.strict-lagged';

interface Pending {
  due: number;
  table: string;
  key: RawItem;
  after?: RawItem;
}

export class LaggingIndexes {
  private readonly pending: Pending[] = [];
  private applying: Promise<void> = Promise.resolve();
  private lastDue = 0;

  constructor(
    private readonly upstream: Upstream,
    private readonly tables: StrictTables,
    /** How far the indexes trail their tables (ms); 0 applies each change before the write answers. */
    public lagMs: number,
  ) {}

  /** Queues a change for the lagged copy (a table without global indexes has none). */
  async record(change: Change): Promise<void> {
    const schema = await this.tables.schema(change.table);
    if (!schema?.hasGlobalIndexes) return;
    // An item in no index before or after the change is never read from the copy.
    const indexKeys: string[][] = schema.description.GlobalSecondaryIndexes.map((index: Json) => index.KeySchema.map((key: Json) => key.AttributeName));
    const indexed = (item: RawItem | undefined) => item !== undefined && indexKeys.some((names) => names.every((name) => item[name] !== undefined));
    if (!indexed(change.before) && !indexed(change.after)) return;
    // Changes reach the copy in the order they were made, even if the lag was shortened meanwhile.
    this.lastDue = Math.max(change.at + this.lagMs, this.lastDue);
    this.pending.push({ due: this.lastDue, table: change.table, key: change.key, after: change.after });
    if (this.lagMs === 0) await this.catchUp();
  }

  /** Applies every change that is due by `now` (all of them with Infinity). */
  catchUp(now = Date.now()): Promise<void> {
    this.applying = this.applying.then(async () => {
      while (this.pending.length > 0 && this.pending[0].due <= now) {
        const next = this.pending.shift()!;
        await this.apply(next);
      }
    });
    return this.applying;
  }

  /** A Query or Scan on a global index, answered from the lagged copy; undefined for anything else. */
  async read(operation: string, body: Json, headers: IncomingHttpHeaders): Promise<Answer | undefined> {
    if ((operation !== 'Query' && operation !== 'Scan') || typeof body.IndexName !== 'string') return undefined;
    const schema = await this.tables.schema(body.TableName);
    const isGlobal = (schema?.description.GlobalSecondaryIndexes ?? []).some((index: Json) => index.IndexName === body.IndexName);
    if (!schema || !isGlobal) return undefined;
    const copy = await this.tables.sideTable(schema, LAGGED_SUFFIX, true);
    await this.catchUp();
    const answer = await this.upstream.call(operation, { ...body, TableName: copy }, headers);
    if (answer.body.ConsumedCapacity?.TableName) answer.body.ConsumedCapacity.TableName = body.TableName;
    return answer;
  }

  private async apply(change: Pending): Promise<void> {
    const schema = (await this.tables.schema(change.table))!;
    const copy = await this.tables.sideTable(schema, LAGGED_SUFFIX, true);
    const answer = change.after
      ? await this.upstream.call('PutItem', { TableName: copy, Item: change.after }, OWN_HEADERS)
      : await this.upstream.call('DeleteItem', { TableName: copy, Key: change.key }, OWN_HEADERS);
    ok(answer, `the lagged copy of ${change.table}`);
  }
}
