// What the strict layer knows of the emulator's tables: key schemas and indexes (DescribeTable,
// once per table), the items' keys, a lock per item (the layer's read-modify-check of one item
// must not interleave with another write of the same item), and side tables it makes for itself.
import type { IncomingHttpHeaders } from 'node:http';
import type { RawItem } from './dynamo-strict-size';
import { OWN_HEADERS, errorName, ok, type Json, type Upstream } from './dynamo-strict-upstream';

export interface TableSchema {
  name: string;
  /** Hash key first, then the range key if any. */
  keyNames: string[];
  /** The table's description, for making a copy of it. */
  description: Json;
  hasGlobalIndexes: boolean;
}

export class StrictTables {
  private readonly schemas = new Map<string, Promise<TableSchema>>();
  private readonly made = new Map<string, Promise<void>>();
  private readonly locks = new Map<string, Promise<void>>();

  constructor(private readonly upstream: Upstream) {}

  /** The table's schema; undefined when the emulator does not know the table (its own error answers then). */
  async schema(table: string): Promise<TableSchema | undefined> {
    let pending = this.schemas.get(table);
    if (!pending) {
      pending = this.describe(table);
      this.schemas.set(table, pending);
      pending.catch(() => this.schemas.delete(table));
    }
    return pending.catch(() => undefined);
  }

  keyOf(schema: TableSchema, item: RawItem): RawItem {
    return Object.fromEntries(schema.keyNames.filter((name) => item[name] !== undefined).map((name) => [name, item[name]]));
  }

  /** One string per item: table and key values. */
  keyId(table: string, schema: TableSchema, item: RawItem): string {
    return JSON.stringify([table, ...schema.keyNames.map((name) => item[name] ?? null)]);
  }

  /** A strongly consistent read of the item as it is now (undefined when absent). */
  async current(table: string, key: RawItem, headers: IncomingHttpHeaders = OWN_HEADERS): Promise<RawItem | undefined> {
    const body = ok(await this.upstream.call('GetItem', { TableName: table, Key: key, ConsistentRead: true }, headers), `GetItem ${table}`);
    return body.Item;
  }

  /** Runs `work` holding the locks of `ids` (taken in a fixed order, so two callers never deadlock). */
  async withLocks<T>(ids: string[], work: () => Promise<T>): Promise<T> {
    const releases: (() => void)[] = [];
    for (const id of [...new Set(ids)].sort()) {
      const before = this.locks.get(id) ?? Promise.resolve();
      let release!: () => void;
      const mine = new Promise<void>((resolve) => (release = resolve));
      const tail = before.then(() => mine);
      this.locks.set(id, tail);
      releases.push(() => {
        release();
        if (this.locks.get(id) === tail) this.locks.delete(id);
      });
      await before;
    }
    try {
      return await work();
    } finally {
      for (const release of releases) release();
    }
  }

  /**
   * A side table named `<table><suffix>`, made once (and emptied of nothing: it is new): the same
   * key schema, and the global indexes too when `withIndexes`.
   */
  sideTable(schema: TableSchema, suffix: string, withIndexes: boolean): Promise<string> {
    const name = `${schema.name}${suffix}`;
    let making = this.made.get(name);
    if (!making) {
      making = this.create(schema, name, withIndexes);
      this.made.set(name, making);
    }
    return making.then(() => name);
  }

  private async describe(table: string): Promise<TableSchema> {
    const description = ok(await this.upstream.call('DescribeTable', { TableName: table }, OWN_HEADERS), `DescribeTable ${table}`).Table as Json;
    const keySchema = description.KeySchema as { AttributeName: string; KeyType: string }[];
    const keyNames = [...keySchema].sort((a, b) => (a.KeyType === 'HASH' ? -1 : b.KeyType === 'HASH' ? 1 : 0)).map((key) => key.AttributeName);
    return { name: table, keyNames, description, hasGlobalIndexes: (description.GlobalSecondaryIndexes ?? []).length > 0 };
  }

  private async create(schema: TableSchema, name: string, withIndexes: boolean): Promise<void> {
    const source = schema.description;
    const indexes = withIndexes ? (source.GlobalSecondaryIndexes ?? []) : [];
    const used = new Set([...schema.keyNames, ...indexes.flatMap((index: Json) => index.KeySchema.map((key: Json) => key.AttributeName))]);
    const definition: Json = {
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: source.KeySchema,
      AttributeDefinitions: (source.AttributeDefinitions as Json[]).filter((attribute) => used.has(attribute.AttributeName)),
    };
    if (indexes.length > 0) {
      definition.GlobalSecondaryIndexes = indexes.map((index: Json) => ({ IndexName: index.IndexName, KeySchema: index.KeySchema, Projection: index.Projection }));
    }
    const created = await this.upstream.call('CreateTable', definition, OWN_HEADERS);
    if (errorName(created) !== 'ResourceInUseException') ok(created, `CreateTable ${name}`);
    for (let attempt = 0; ; attempt++) {
      const status = ok(await this.upstream.call('DescribeTable', { TableName: name }, OWN_HEADERS), `DescribeTable ${name}`).Table.TableStatus;
      if (status === 'ACTIVE') return;
      if (attempt > 100) throw new Error(`${name} is still ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
