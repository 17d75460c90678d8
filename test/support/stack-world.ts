// The packaged stack run on this machine, wired by its own template: every function's real entry
// module (src/**/…-handler.ts) loaded with the environment the template gives it, its AWS calls
// going to real local servers (s3rver, dynalite) and to stand-ins for Lambda's Invoke and
// EventBridge's PutEvents; events routed as the template says: S3 notifications (Custom::S3) or
// EventBridge rules (AWS::Events::Rule patterns), asynchronous invocations retried as the function's
// EventInvokeConfig says and then sent to its on-failure destination (an SNS topic fanned out to
// its subscriptions, or a queue), schedules and stream mappings run when the test asks. Every SDK
// call is recorded for the function it was made for (aws-calls.ts), and so is what the Lambda
// service does with the function's role (its logs, its destination, its stream).
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { S3Event } from 'aws-lambda';
import { encodeEventKey } from '../../src/lambda/s3-event';
import { startDynamoServer, type RunningDynamoServer } from '../../src/local/dynamo-server';
import { S3RVER_CREDENTIALS, startS3Server } from '../../src/local/s3-server';
import { asS3Event, type S3rverRecord } from '../../src/local/s3rver-events';
import { destinationNotification } from '../../src/local/failure-record';
import { trackingTableDefinition } from '../../src/tracking/table';
import { asFunction, serviceCall, startRecording, stopRecording } from './aws-calls';
import { matches, startEventBridge, type BusEvent, type EventBridgeStandIn } from './eventbridge-server';
import type { Place } from './iam-actions';
import { startLambdaInvokeServer, type LambdaInvokeServer } from './lambda-invoke-server';
import type { Template } from './serverless';
import type { FunctionRole } from './template-roles';

type Handler = (event: unknown, context?: unknown) => Promise<unknown>;

export interface StackWorld {
  /** Asynchronous invocations that failed every retry: the function and the last error. */
  failures: Array<{ fn: string; message: string }>;
  invokeAsync(id: string, event: unknown): void;
  /** An AWS service's event on the default bus (MediaConvert's...), to the rules it matches. */
  putEvent(event: unknown): void;
  /** Runs a schedule's function now, as its rule would. */
  runSchedule(id: string): void;
  /** Hands stream records to the function of the template's event source mapping, as the mapping would. */
  deliverStream(id: string, records: unknown[]): Promise<unknown>;
  /** Resolves when nothing is running or queued. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface WorldSetup {
  template: Template;
  roles: FunctionRole[];
  place: Place;
  dataDir: string;
  buckets: string[];
  table: string;
}

const SRC = join(__dirname, '..', '..', 'src');

export async function startStackWorld(setup: WorldSetup): Promise<StackWorld & { s3Endpoint: string }> {
  const { template, roles, place } = setup;
  const s3 = await startS3Server({ port: 0, directory: join(setup.dataDir, 's3'), buckets: setup.buckets });
  const dynamo: RunningDynamoServer = await startDynamoServer({ port: 0, tables: [trackingTableDefinition(setup.table)] });
  const running = new Set<Promise<unknown>>();
  const byName = new Map(roles.map((role) => [role.functionName, role]));
  const handlers = new Map<string, Handler>();
  let lambda: LambdaInvokeServer | undefined;
  let events: EventBridgeStandIn | undefined;
  const logStreams = new Set<string>();
  const savedEnv: Record<string, string | undefined> = {};

  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => undefined).finally(() => running.delete(settled));
    running.add(settled);
  };
  const invoke = (role: FunctionRole, event: unknown) => {
    // The runtime creates its log stream at the first invocation of a container, then writes to it.
    const stream = `arn:${place.partition}:logs:${place.region}:${place.account}:log-group:/aws/lambda/${role.functionName}:log-stream:local`;
    if (!logStreams.has(role.id)) serviceCall({ fn: role.id, action: 'logs:CreateLogStream', resource: stream, why: 'Lambda creates the log stream' });
    logStreams.add(role.id);
    serviceCall({ fn: role.id, action: 'logs:PutLogEvents', resource: stream, why: 'Lambda writes the log' });
    return asFunction(role.id, () => handlers.get(role.id)!(event, lambdaContext(role, template)));
  };
  const world: StackWorld & { s3Endpoint: string } = {
    s3Endpoint: s3.endpoint,
    failures: [],
    invokeAsync(id, event) {
      const role = roles.find((candidate) => candidate.id === id)!;
      track(runAsync(role, event));
    },
    putEvent(event) {
      publish(event as BusEvent, 'default');
    },
    runSchedule(id) {
      world.invokeAsync(id, { 'detail-type': 'Scheduled Event', source: 'aws.events', detail: {} });
    },
    async deliverStream(id, records) {
      const mapping = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && resource.Properties.FunctionName['Fn::GetAtt'][0] === id);
      if (!mapping) throw new Error(`${id} has no event source mapping in this template`);
      const stream = String(mapping.Properties.EventSourceArn);
      for (const action of ['dynamodb:DescribeStream', 'dynamodb:GetShardIterator', 'dynamodb:GetRecords']) serviceCall({ fn: id, action, resource: stream, why: 'the event source mapping reads the stream' });
      return invoke(roles.find((role) => role.id === id)!, { Records: records });
    },
    async idle() {
      do {
        await Promise.all([...running]);
        await lambda?.idle();
      } while (running.size > 0);
    },
    async close() {
      await world.idle();
      stopRecording();
      for (const [name, value] of Object.entries(savedEnv)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await Promise.all([s3.close(), dynamo.close(), lambda?.close(), events?.close()]);
    },
  };

  /** Lambda's asynchronous invocation: the retries the function's EventInvokeConfig allows, then its on-failure destination. */
  async function runAsync(role: FunctionRole, event: unknown): Promise<void> {
    const config = Object.values(template.Resources).find((resource) => resource.Type === 'AWS::Lambda::EventInvokeConfig' && resource.Properties.FunctionName.Ref === role.id)?.Properties;
    const retries = config?.MaximumRetryAttempts ?? 2;
    for (let attempt = 0; ; attempt++) {
      try {
        await invoke(role, event);
        return;
      } catch (error) {
        if (attempt < retries) continue;
        world.failures.push({ fn: role.id, message: (error as Error).message });
        const destination = config?.DestinationConfig?.OnFailure?.Destination;
        if (destination) failed(role, event, (error as Error).message, attempt + 1, destination);
        return;
      }
    }
  }

  function failed(role: FunctionRole, event: unknown, message: string, attempts: number, destination: { Ref?: string; 'Fn::GetAtt'?: [string, string] }): void {
    const target = destination.Ref ?? destination['Fn::GetAtt']![0];
    const type = template.Resources[target].Type;
    const name = String(template.Resources[target].Properties.TopicName ?? template.Resources[target].Properties.QueueName);
    const arn = `arn:${place.partition}:${type === 'AWS::SNS::Topic' ? 'sns' : 'sqs'}:${place.region}:${place.account}:${name}`;
    serviceCall({ fn: role.id, action: type === 'AWS::SNS::Topic' ? 'sns:Publish' : 'sqs:SendMessage', resource: arn, why: 'Lambda sends the failed event to the on-failure destination' });
    if (type !== 'AWS::SNS::Topic') return;
    for (const subscription of Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::SNS::Subscription' && resource.Properties.Protocol === 'lambda' && resource.Properties.TopicArn.Ref === target)) {
      world.invokeAsync(subscription.Properties.Endpoint['Fn::GetAtt'][0], destinationNotification(event as S3Event, message, attempts));
    }
  }

  /** Events on the default bus, to the targets of the rules they match. */
  function publish(event: BusEvent, bus: string): void {
    for (const rule of Object.values(template.Resources).filter((resource) => resource.Type === 'AWS::Events::Rule' && resource.Properties.EventPattern)) {
      if ((rule.Properties.EventBusName ?? 'default') !== bus || !matches(rule.Properties.EventPattern, event)) continue;
      for (const target of rule.Properties.Targets) world.invokeAsync(target.Arn['Fn::GetAtt'][0], event);
    }
  }

  /** An object created in a bucket: S3's notifications to the functions (Custom::S3), or S3's event on the default bus. */
  function objectCreated(record: S3rverRecord): void {
    const notifications = Object.values(template.Resources).filter((resource) => resource.Type === 'Custom::S3' && resource.Properties.BucketName === record.s3.bucket.name);
    for (const notification of notifications) {
      const suffixes: string[] = notification.Properties.BucketConfigs.flatMap((config: { Rules: Array<{ Suffix?: string }> }) => config.Rules.map((rule) => rule.Suffix ?? ''));
      if (suffixes.some((suffix) => record.s3.object.key.endsWith(suffix))) world.invokeAsync(byName.get(notification.Properties.FunctionName)!.id, asS3Event(record));
    }
    const detail = { version: '0', bucket: { name: record.s3.bucket.name }, object: { key: encodeEventKey(record.s3.object.key), size: record.s3.object.size }, reason: 'PutObject' };
    publish({ version: '0', id: randomUUID(), 'detail-type': 'Object Created', source: 'aws.s3', account: place.account, time: record.eventTime, region: place.region, resources: [], detail }, 'default');
  }

  try {
    events = await startEventBridge(place, publish);
    lambda = await startLambdaInvokeServer(Object.fromEntries(roles.map((role) => [role.functionName, async (payload: unknown) => world.invokeAsync(role.id, payload)])));
    const global = {
      AWS_REGION: place.region,
      AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL_S3: s3.endpoint,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_LAMBDA: lambda.endpoint,
      AWS_ENDPOINT_URL_EVENTBRIDGE: events.endpoint,
    };
    // Every client of every function reaches the local servers (dynalite takes any credentials).
    for (const name of Object.keys(global)) savedEnv[name] = process.env[name];
    Object.assign(process.env, global);
    startRecording();
    for (const role of roles) handlers.set(role.id, loadEntry(role, template));
    s3.server.on('event', (event) => (event.Records as S3rverRecord[]).filter((record) => record.eventName.startsWith('ObjectCreated:')).forEach(objectCreated));
  } catch (error) {
    await world.close();
    throw error;
  }
  return world;
}

/** The function's entry module, evaluated afresh with its template environment (as a cold start reads it). */
function loadEntry(role: FunctionRole, template: Template): Handler {
  const fn = template.Resources[role.id].Properties;
  const [file, exported] = [fn.Handler.slice(0, fn.Handler.lastIndexOf('.')), fn.Handler.slice(fn.Handler.lastIndexOf('.') + 1)];
  const path = require.resolve(join(SRC, '..', file));
  const env = { ...role.environment, LOG_LEVEL: 'SILENT', POWERTOOLS_METRICS_DISABLED: 'true', S3_FORCE_PATH_STYLE: 'true', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.MemorySize ?? 1024) };
  const saved = Object.fromEntries(Object.keys(env).map((name) => [name, process.env[name]]));
  Object.assign(process.env, env);
  try {
    delete require.cache[path];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require(path) as Record<string, Handler>)[exported];
  } finally {
    // Another test file loads the same entry module with its own environment: it must not find this one.
    delete require.cache[path];
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

function lambdaContext(role: FunctionRole, template: Template) {
  const deadline = Date.now() + Number(template.Resources[role.id].Properties.Timeout ?? 6) * 1000;
  return { functionName: role.functionName, awsRequestId: randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
}
