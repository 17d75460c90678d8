// The S3 Batch Operations jobs of a backfill, as CreateJob requests: S3 generates the manifest by
// listing the input bucket (S3JobManifestGenerator), so no key list passes through this machine;
// the operation invokes the function with invocation schema 2.0 (buckets by name); the completion
// report lists every task, under backfill-reports/ in the report bucket (the role may write there
// and nowhere else).
// see: https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_CreateJob.html
// see: https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_KeyNameConstraint.html ("Each
// KeyNameConstraint filter accepts an array of strings with a length of 1 string": one suffix per job)
import { randomUUID } from 'node:crypto';
import type { CreateJobCommandInput, JobManifestGeneratorFilter } from '@aws-sdk/client-s3-control';
import type { BackfillOptions } from './args';

/** Where reports go in the report bucket; serverless.yml lets the job's role write only here. */
export const REPORT_PREFIX = 'backfill-reports';

export interface JobTargets {
  functionArn: string;
  roleArn: string;
  reportBucket: string;
}

/** CreateJob's description is at most 256 characters. */
const MAX_DESCRIPTION = 256;

/** One request per --suffix (one without a suffix filter when none is given). */
export function createJobRequests(options: BackfillOptions, targets: JobTargets, token: () => string = randomUUID): CreateJobCommandInput[] {
  const [, partition, , , account] = targets.roleArn.split(':');
  const suffixes = options.suffixes.length > 0 ? options.suffixes : [undefined];
  return suffixes.map((suffix) => ({
    AccountId: account,
    ConfirmationRequired: false,
    Operation: { LambdaInvoke: { FunctionArn: targets.functionArn, InvocationSchemaVersion: '2.0' } },
    ManifestGenerator: {
      S3JobManifestGenerator: { SourceBucket: `arn:${partition}:s3:::${options.bucket}`, EnableManifestOutput: false, Filter: keyFilter(options.prefix, suffix) },
    },
    Report: { Enabled: true, Bucket: `arn:${partition}:s3:::${targets.reportBucket}`, Format: 'Report_CSV_20180820', Prefix: REPORT_PREFIX, ReportScope: 'AllTasks' },
    Priority: 10,
    RoleArn: targets.roleArn,
    ClientRequestToken: token(),
    Description: `frame-processor backfill s3://${options.bucket}/${options.prefix}*${suffix ?? ''}`.slice(0, MAX_DESCRIPTION),
  }));
}

function keyFilter(prefix: string, suffix: string | undefined): JobManifestGeneratorFilter | undefined {
  if (prefix === '' && suffix === undefined) return undefined;
  return { KeyNameConstraint: { MatchAnyPrefix: prefix === '' ? undefined : [prefix], MatchAnySuffix: suffix === undefined ? undefined : [suffix] } };
}
