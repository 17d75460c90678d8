// A local stand-in for EventBridge's PutEvents on 127.0.0.1: the real @aws-sdk/client-eventbridge
// sends its real request (AWS JSON 1.1, X-Amz-Target AWSEvents.PutEvents) and gets the documented
// answer; each entry becomes the event EventBridge would deliver (the envelope's fields) and is
// handed to `deliver`. With it, `matches`: an event pattern matched as EventBridge does, for the
// operators this stack's rules use (values, prefix, suffix, equals-ignore-case, nested fields,
// arrays of objects).
// see: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutEvents.html
// see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
// see: https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface BusEvent {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

export interface EventBridgeStandIn {
  endpoint: string;
  close(): Promise<void>;
}

export async function startEventBridge(place: { region: string; account: string }, deliver: (event: BusEvent, bus: string) => void): Promise<EventBridgeStandIn> {
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const answer = (status: number, json: unknown) => response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' }).end(JSON.stringify(json));
      if (request.headers['x-amz-target'] !== 'AWSEvents.PutEvents') return answer(400, { __type: 'UnknownOperationException', message: String(request.headers['x-amz-target']) });
      const { Entries = [] } = JSON.parse(body) as { Entries?: Array<Record<string, string | string[]>> };
      const ids = Entries.map((entry) => {
        const id = randomUUID();
        const event: BusEvent = {
          version: '0',
          id,
          'detail-type': String(entry.DetailType),
          source: String(entry.Source),
          account: place.account,
          time: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          region: place.region,
          resources: (entry.Resources as string[] | undefined) ?? [],
          detail: JSON.parse(String(entry.Detail ?? '{}')) as Record<string, unknown>,
        };
        deliver(event, String(entry.EventBusName ?? 'default'));
        return { EventId: id };
      });
      answer(200, { FailedEntryCount: 0, Entries: ids });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** True when `event` matches `pattern` (every field of the pattern; one of the values of each). */
export function matches(pattern: Record<string, unknown>, event: unknown): boolean {
  return Object.entries(pattern).every(([field, wanted]) => {
    const values = valuesAt(event, field);
    if (Array.isArray(wanted)) return wanted.some((condition) => values.some((value) => matchesValue(condition, value)));
    return values.some((value) => typeof value === 'object' && value !== null && matches(wanted as Record<string, unknown>, value));
  });
}

/** The values of `field` in `value`, arrays (of objects too) flattened as EventBridge does. */
function valuesAt(value: unknown, field: string): unknown[] {
  const found = Array.isArray(value) ? value.flatMap((item) => valuesAt(item, field)) : typeof value === 'object' && value !== null ? [(value as Record<string, unknown>)[field]] : [];
  return found.flatMap((item) => (Array.isArray(item) ? item : [item])).filter((item) => item !== undefined);
}

function matchesValue(condition: unknown, value: unknown): boolean {
  if (typeof condition !== 'object' || condition === null) return condition === value;
  const [operator, operand] = Object.entries(condition)[0] as [string, unknown];
  if (typeof value !== 'string') return false;
  const ignoringCase = typeof operand === 'object' && operand !== null && 'equals-ignore-case' in operand;
  const text = ignoringCase ? String((operand as Record<string, string>)['equals-ignore-case']).toLowerCase() : String(operand);
  const subject = ignoringCase ? value.toLowerCase() : value;
  switch (operator) {
    case 'prefix':
      return subject.startsWith(text);
    case 'suffix':
      return subject.endsWith(text);
    case 'equals-ignore-case':
      return value.toLowerCase() === String(operand).toLowerCase();
    default:
      throw new Error(`the pattern operator ${operator} is not handled by this stand-in`);
  }
}
