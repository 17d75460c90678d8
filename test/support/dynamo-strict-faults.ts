// Faults a healthy emulator never produces, on demand: throttling, BatchGetItem keys left
// unprocessed, and answers lost after the write was made. Rules match an operation, a table and
// the keys a request names; a seeded draw decides each match, so a run can be replayed (up to the
// interleaving of concurrent requests, which the servers' timing decides).
import type { RawItem } from './dynamo-strict-size';
import type { Json } from './dynamo-strict-upstream';

export type ThrottleError = 'ProvisionedThroughputExceededException' | 'ThrottlingException' | 'RequestLimitExceeded';

export type StrictFault =
  /** Answers with this throttling error; nothing reaches the emulator. */
  | { kind: 'throttle'; error?: ThrottleError }
  /** BatchGetItem only: the matching keys come back in UnprocessedKeys (all of them: a throttle). */
  | { kind: 'unprocessed' }
  /**
   * The request is carried out; its answer is lost: the connection is reset before any byte of it
   * (`reset`), or a 500 InternalServerError comes instead. The SDK retries both.
   */
  | { kind: 'lose-answer'; as: 'reset' | 'internal-error' };

export interface StrictFaultRule {
  fault: StrictFault;
  /** Operation names (UpdateItem, BatchGetItem...); any when absent. */
  operations?: string[];
  /** Table name; any when absent. */
  table?: string;
  /** Matches a request when any key it names passes; any request when absent. */
  key?: (key: RawItem, table: string) => boolean;
  /** Only requests for which this holds (a conditional write, the n-th write of an item...); asked after the other tests. */
  when?: (body: Json, operation: string) => boolean;
  /** Chance that a matching request (for `unprocessed`: a matching key) gets the fault; 1 when absent. */
  probability?: number;
  /** At most this many faults from the rule; unlimited when absent. */
  times?: number;
}

export interface ActiveFaultRule {
  /** Faults this rule caused so far (the SDK's retries show up here). */
  readonly hits: number;
}

/** What the layer does to one request. */
export interface FaultDecision {
  throttle?: ThrottleError;
  lose?: 'reset' | 'internal-error';
  /** For BatchGetItem: table -> keys to leave unprocessed. */
  withheld?: Map<string, RawItem[]>;
}

interface LiveRule extends StrictFaultRule {
  hits: number;
}

/** Table -> keys a request names (Get/Put/Update/Delete, batches, transactions). */
export function keysOf(operation: string, body: Json): Map<string, RawItem[]> {
  const keys = new Map<string, RawItem[]>();
  const add = (table: string, key: RawItem | undefined) => key && keys.set(table, [...(keys.get(table) ?? []), key]);
  if (operation === 'BatchGetItem') for (const [table, entry] of Object.entries<Json>(body.RequestItems ?? {})) for (const key of entry.Keys ?? []) add(table, key);
  else if (operation === 'BatchWriteItem') {
    for (const [table, requests] of Object.entries<Json[]>(body.RequestItems ?? {})) {
      for (const request of requests) add(table, request.DeleteRequest?.Key ?? request.PutRequest?.Item);
    }
  } else if (operation === 'TransactWriteItems' || operation === 'TransactGetItems') {
    for (const entry of body.TransactItems ?? []) {
      const action = Object.values<Json>(entry)[0] ?? {};
      add(action.TableName, action.Key ?? action.Item);
    }
  } else if (typeof body.TableName === 'string') add(body.TableName, body.Key ?? body.Item);
  return keys;
}

export class StrictFaults {
  private readonly rules: LiveRule[] = [];

  constructor(private readonly random: () => number) {}

  add(rule: StrictFaultRule): ActiveFaultRule {
    const live = { ...rule, hits: 0 };
    this.rules.push(live);
    return live;
  }

  clear(): void {
    this.rules.length = 0;
  }

  decide(operation: string, body: Json): FaultDecision {
    const decision: FaultDecision = {};
    const keys = keysOf(operation, body);
    for (const rule of this.rules) {
      if (rule.hits >= (rule.times ?? Infinity)) continue;
      if (rule.operations && !rule.operations.includes(operation)) continue;
      if (rule.fault.kind === 'unprocessed') {
        if (operation === 'BatchGetItem' && (!rule.when || rule.when(body, operation))) this.withhold(rule, keys, decision);
        continue;
      }
      // `when` last of the tests, so that it sees only the requests the rule is about.
      if (!this.matchesKeys(rule, keys, body) || (rule.when && !rule.when(body, operation)) || !this.draw(rule)) continue;
      rule.hits++;
      if (rule.fault.kind === 'throttle') decision.throttle ??= rule.fault.error ?? 'ProvisionedThroughputExceededException';
      else decision.lose ??= rule.fault.as;
    }
    return decision;
  }

  private matchesKeys(rule: LiveRule, keys: Map<string, RawItem[]>, body: Json): boolean {
    const tables = keys.size > 0 ? [...keys.keys()] : typeof body.TableName === 'string' ? [body.TableName] : [];
    if (rule.table !== undefined && !tables.includes(rule.table)) return false;
    if (!rule.key) return true;
    return [...keys].some(([table, list]) => (rule.table === undefined || rule.table === table) && list.some((key) => rule.key!(key, table)));
  }

  private withhold(rule: LiveRule, keys: Map<string, RawItem[]>, decision: FaultDecision): void {
    for (const [table, list] of keys) {
      if (rule.table !== undefined && rule.table !== table) continue;
      for (const key of list) {
        if (rule.hits >= (rule.times ?? Infinity)) return;
        if ((rule.key && !rule.key(key, table)) || !this.draw(rule)) continue;
        rule.hits++;
        decision.withheld ??= new Map();
        decision.withheld.set(table, [...(decision.withheld.get(table) ?? []), key]);
      }
    }
  }

  private draw(rule: LiveRule): boolean {
    return rule.probability === undefined || this.random() < rule.probability;
  }
}
