// The local stack's answer to "the stack's outputs": `<data-dir>/stack-outputs.json`, written at
// start, with the output names a deployed stack has (serverless.yml, Outputs) and where the local
// servers are, so `frame-processor smoke --outputs FILE` runs the same checks against `npm start`
// as against a deployed stage (src/cli/smoke/stack.ts reads it).
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { LocalOutputs } from '../cli/smoke/stack';
import { INPUT_BUCKET, LOCAL_REGION, OUTPUT_BUCKET } from './buckets';
import { S3RVER_CREDENTIALS } from './s3-server';

export const STACK_OUTPUTS_FILE = 'stack-outputs.json';

export interface LocalServers {
  s3Endpoint: string;
  dynamoEndpoint: string;
  trackingTable: string;
}

/** Writes the file into `dataDir`; returns its path. */
export async function writeLocalOutputs(dataDir: string, servers: LocalServers): Promise<string> {
  const outputs: LocalOutputs = {
    Outputs: {
      InputBucketName: INPUT_BUCKET,
      OutputBucketName: OUTPUT_BUCKET,
      TrackingTableName: servers.trackingTable,
      // The edge video is always on here (src/local/stitch.ts): its worker runs on worker threads.
      StitchWorkerFunctionName: 'local-stitch-worker-threads',
    },
    Region: LOCAL_REGION,
    Endpoints: { S3: servers.s3Endpoint, DynamoDB: servers.dynamoEndpoint },
    Credentials: S3RVER_CREDENTIALS,
  };
  const file = join(dataDir, STACK_OUTPUTS_FILE);
  await writeFile(file, `${JSON.stringify(outputs, null, 2)}\n`);
  return file;
}
