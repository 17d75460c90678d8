// Writes through the strict layer. Each item written is locked, read (strongly), checked against
// the 400 KB limit as DynamoDB computes it, and written; the item before and after is recorded as a
// change (the layer's own stream: the stale index and the tests read it).
// An UpdateItem's result is known only after the update: when the item could outgrow the limit,
// the update is first tried on a copy of the item in a side table (same key schema, under the same
// lock); only when that copy stays within the limit does the real update go to the emulator. Nothing
// oversized is ever visible, and the emulator evaluates every expression itself.
import type { IncomingHttpHeaders } from 'node:http';
import { MAX_ITEM_BYTES, itemSize, type RawItem } from './dynamo-strict-size';
import type { StrictTables, TableSchema } from './dynamo-strict-tables';
import { errorAnswer, validationError, type Answer, type Json, type Upstream } from './dynamo-strict-upstream';

/** One item's write as the emulator made it. */
export interface Change {
  table: string;
  key: RawItem;
  /** The item before the write; undefined when it did not exist. */
  before?: RawItem;
  /** The item after the write; undefined when deleted. */
  after?: RawItem;
  at: number;
  /** The client never got the answer (an injected lost answer). */
  answerLost: boolean;
}

export interface WriteOutcome {
  answer: Answer;
  changes: Change[];
}

/** DynamoDB's messages (also dynalite's and moto's) for an item over the limit. */
export const TOO_LARGE = 'Item size has exceeded the maximum allowed size';
export const TOO_LARGE_UPDATE = 'Item size to update has exceeded the maximum allowed size';
const SHADOW_SUFFIX = '.strict-shadow';

interface Target {
  table: string;
  schema: TableSchema;
  key: RawItem;
  id: string;
}

export class StrictWrites {
  constructor(
    private readonly upstream: Upstream,
    private readonly tables: StrictTables,
    private readonly enforceSize: boolean,
  ) {}

  async write(operation: string, body: Json, headers: IncomingHttpHeaders): Promise<WriteOutcome> {
    if (this.enforceSize && this.oversizedPut(operation, body)) return { answer: validationError(TOO_LARGE), changes: [] };
    const targets = await this.targets(operation, body);
    if (!targets) return { answer: await this.upstream.call(operation, body, headers), changes: [] };
    return this.tables.withLocks(targets.map((target) => target.id), async () => {
      const before = await Promise.all(targets.map((target) => this.tables.current(target.table, target.key, headers)));
      const refused = await this.refusedUpdate(operation, body, targets, before, headers);
      if (refused) return { answer: refused, changes: [] };
      // An UpdateItem answering NONE or ALL_NEW answers ALL_NEW here: the item after, without a read.
      const allNew = operation === 'UpdateItem' && ['NONE', 'ALL_NEW'].includes(body.ReturnValues ?? 'NONE');
      const answer = await this.upstream.call(operation, allNew ? { ...body, ReturnValues: 'ALL_NEW' } : body, headers);
      if (answer.status >= 300) return { answer, changes: [] };
      const after = await this.afterImages(operation, body, allNew ? answer.body.Attributes : undefined, answer, targets, headers);
      if (allNew && body.ReturnValues !== 'ALL_NEW') delete answer.body.Attributes;
      const at = Date.now();
      const changes = targets.flatMap((target, i) => (after[i] === 'unchanged' ? [] : [{ table: target.table, key: target.key, before: before[i], after: after[i], at, answerLost: false }]));
      return { answer, changes };
    });
  }

  /** PutItem, BatchWriteItem and TransactWriteItems carry whole items: too large is an input error. */
  private oversizedPut(operation: string, body: Json): boolean {
    const items: RawItem[] = [];
    if (operation === 'PutItem') items.push(body.Item ?? {});
    if (operation === 'BatchWriteItem') for (const requests of Object.values<Json[]>(body.RequestItems ?? {})) for (const request of requests) if (request.PutRequest) items.push(request.PutRequest.Item);
    if (operation === 'TransactWriteItems') for (const entry of body.TransactItems ?? []) if (entry.Put) items.push(entry.Put.Item);
    return items.some((item) => itemSize(item) > MAX_ITEM_BYTES);
  }

  /** The items a write touches; undefined when a table is unknown (the emulator answers that). */
  private async targets(operation: string, body: Json): Promise<Target[] | undefined> {
    const named: { table: string; item: RawItem }[] = [];
    if (operation === 'BatchWriteItem') {
      for (const [table, requests] of Object.entries<Json[]>(body.RequestItems ?? {})) {
        for (const request of requests) named.push({ table, item: request.PutRequest?.Item ?? request.DeleteRequest?.Key });
      }
    } else if (operation === 'TransactWriteItems') {
      for (const entry of body.TransactItems ?? []) {
        const action = Object.values<Json>(entry)[0];
        named.push({ table: action.TableName, item: action.Item ?? action.Key });
      }
    } else named.push({ table: body.TableName, item: body.Item ?? body.Key });
    const targets: Target[] = [];
    for (const { table, item } of named) {
      const schema = await this.tables.schema(table);
      if (!schema || !item) return undefined;
      const key = this.tables.keyOf(schema, item);
      targets.push({ table, schema, key, id: this.tables.keyId(table, schema, key) });
    }
    return targets;
  }

  /** An update whose item would outgrow the limit, refused as DynamoDB refuses it. */
  private async refusedUpdate(operation: string, body: Json, targets: Target[], before: (RawItem | undefined)[], headers: IncomingHttpHeaders): Promise<Answer | undefined> {
    if (!this.enforceSize) return undefined;
    if (operation === 'UpdateItem') {
      return (await this.outgrows(body, targets[0], before[0], headers)) ? validationError(TOO_LARGE_UPDATE) : undefined;
    }
    if (operation !== 'TransactWriteItems') return undefined;
    const reasons: Json[] = [];
    for (const [i, entry] of (body.TransactItems as Json[]).entries()) {
      const outgrows = entry.Update !== undefined && (await this.outgrows(entry.Update, targets[i], before[i], headers));
      reasons.push(outgrows ? { Code: 'ValidationError', Message: TOO_LARGE_UPDATE } : { Code: 'None' });
    }
    if (!reasons.some((reason) => reason.Code !== 'None')) return undefined;
    const codes = reasons.map((reason) => reason.Code).join(', ');
    return errorAnswer('TransactionCanceledException', `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes}]`, 400, { CancellationReasons: reasons });
  }

  /** True when the update, applied to `before`, makes an item over the limit. */
  private async outgrows(update: Json, target: Target, before: RawItem | undefined, headers: IncomingHttpHeaders): Promise<boolean> {
    if (growthBound(update, before) <= MAX_ITEM_BYTES) return false;
    const shadow = await this.tables.sideTable(target.schema, SHADOW_SUFFIX, false);
    const seeded = before
      ? await this.upstream.call('PutItem', { TableName: shadow, Item: before }, headers)
      : await this.upstream.call('DeleteItem', { TableName: shadow, Key: target.key }, headers);
    if (seeded.status >= 300) throw new Error(`the strict layer could not copy ${JSON.stringify(target.key)} to ${shadow}: ${seeded.body.message}`);
    const { ReturnValuesOnConditionCheckFailure: _ignored, ...rest } = update;
    const tried = await this.upstream.call('UpdateItem', { ...rest, TableName: shadow, Key: target.key, ReturnValues: 'ALL_NEW' }, headers);
    // The emulator's own size limit refused it: refuse it here, as moto would leave the update's
    // first actions applied to the real item.
    if (tried.status >= 300 && String(tried.body.message).includes('maximum allowed size')) return true;
    // A refused condition or expression: the real update gets the same answer from the emulator.
    if (tried.status >= 300) return false;
    return itemSize(tried.body.Attributes ?? {}) > MAX_ITEM_BYTES;
  }

  /** The items after a successful write, in target order ('unchanged' for a condition check). */
  private async afterImages(
    operation: string,
    body: Json,
    allNew: RawItem | undefined,
    answer: Answer,
    targets: Target[],
    headers: IncomingHttpHeaders,
  ): Promise<(RawItem | undefined | 'unchanged')[]> {
    const reread = (target: Target) => this.tables.current(target.table, target.key, headers);
    switch (operation) {
      case 'PutItem':
        return [body.Item];
      case 'DeleteItem':
        return [undefined];
      case 'UpdateItem':
        return [allNew ?? (await reread(targets[0]))];
      case 'BatchWriteItem': {
        const unprocessed = new Set(Object.entries<Json[]>(answer.body.UnprocessedItems ?? {}).flatMap(([table, requests]) => requests.map((request) => JSON.stringify([table, request]))));
        const requests = Object.entries<Json[]>(body.RequestItems ?? {}).flatMap(([table, list]) => list.map((request) => ({ table, request })));
        return requests.map(({ table, request }) => (unprocessed.has(JSON.stringify([table, request])) ? 'unchanged' : request.PutRequest?.Item));
      }
      default:
        return Promise.all(
          (body.TransactItems as Json[]).map((entry, i) =>
            entry.Put ? entry.Put.Item : entry.Delete ? undefined : entry.Update ? reread(targets[i]) : ('unchanged' as const),
          ),
        );
    }
  }
}

/**
 * An upper bound of the item's size after an update, without applying it: the update can add at
 * most what its request carries, plus a copy of the old item for every attribute path it names
 * (`SET a = b` copies b). Most updates are far below the limit by this bound and need no try.
 */
function growthBound(update: Json, before: RawItem | undefined): number {
  const paths = String(update.UpdateExpression ?? '').match(/#?[A-Za-z_][\w]*/g)?.length ?? 0;
  return (before ? itemSize(before) : 0) * (1 + paths) + Buffer.byteLength(JSON.stringify(update));
}
