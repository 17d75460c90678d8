// The stack a smoke test runs against, from its outputs (serverless.yml, Outputs): the input and
// output buckets, the tracking table (tracking on) and whether the edge video is deployed
// (StitchWorkerFunctionName). From CloudFormation for a deployed stage, with the AWS SDK's own
// region and credentials; or from the file the local stack writes (src/local/stack-outputs.ts),
// which also says where its servers are and which credentials they take.
import { readFile } from 'node:fs/promises';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { readStackOutputs } from '../../backfill/stack-outputs';
import { UsageError } from '../../core/errors';
import type { SmokeOptions } from './args';

/** The outputs file of a stack running on this machine (`npm start`). */
export interface LocalOutputs {
  Outputs: Record<string, string>;
  Region: string;
  Endpoints: { S3: string; DynamoDB: string };
  /** The local servers' own credentials (s3rver checks its fixed pair). */
  Credentials: { accessKeyId: string; secretAccessKey: string };
}

export interface SmokeStack {
  /** The stack's name, or the outputs file. */
  name: string;
  inputBucket: string;
  outputBucket: string;
  /** Absent with tracking off. */
  trackingTable?: string;
  edgeVideo: boolean;
  s3: S3Client;
  dynamo?: DynamoDBClient;
}

export interface SmokeClients {
  cloudFormation(): CloudFormationClient;
}

export const defaultSmokeClients = (): SmokeClients => ({ cloudFormation: () => new CloudFormationClient({}) });

export async function smokeStack(target: SmokeOptions['target'], clients: SmokeClients): Promise<SmokeStack> {
  if ('stack' in target) {
    const outputs = await readStackOutputs(target.stack, clients.cloudFormation(), 'deploy it first, or give --stage or --stack');
    return fromOutputs(target.stack, outputs, new S3Client({}), () => new DynamoDBClient({}));
  }
  const local = await readLocalOutputs(target.file);
  const common = { region: local.Region, credentials: local.Credentials };
  const s3 = new S3Client({ ...common, endpoint: local.Endpoints.S3, forcePathStyle: true });
  return fromOutputs(target.file, new Map(Object.entries(local.Outputs)), s3, () => new DynamoDBClient({ ...common, endpoint: local.Endpoints.DynamoDB }));
}

function fromOutputs(name: string, outputs: Map<string, string>, s3: S3Client, dynamo: () => DynamoDBClient): SmokeStack {
  const need = (key: string) => {
    const value = outputs.get(key);
    if (value === undefined) throw new UsageError(`${name} has no output ${key} (deploy this version of the stack)`);
    return value;
  };
  const trackingTable = outputs.get('TrackingTableName');
  return {
    name,
    inputBucket: need('InputBucketName'),
    outputBucket: need('OutputBucketName'),
    trackingTable,
    edgeVideo: outputs.has('StitchWorkerFunctionName'),
    s3,
    dynamo: trackingTable === undefined ? undefined : dynamo(),
  };
}

async function readLocalOutputs(file: string): Promise<LocalOutputs> {
  let parsed: LocalOutputs;
  try {
    parsed = JSON.parse(await readFile(file, 'utf8')) as LocalOutputs;
  } catch (error) {
    throw new UsageError(`--outputs ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (npm start writes <data-dir>/stack-outputs.json)' : `not a JSON outputs file: ${(error as Error).message}`}`);
  }
  if (typeof parsed?.Outputs !== 'object' || typeof parsed.Endpoints?.S3 !== 'string' || typeof parsed.Region !== 'string') {
    throw new UsageError(`--outputs ${file}: not an outputs file of the local stack (Outputs, Region, Endpoints.S3)`);
  }
  return parsed;
}
