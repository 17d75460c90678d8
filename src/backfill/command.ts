// `frame-processor backfill`: reads what it needs (the command line, the stack's outputs), then
// creates one S3 Batch Operations job per suffix and says where each one's report will be; with
// --dry-run, prints the CreateJob requests instead. Exit codes: 0 done, 1 a request failed,
// 2 a usage error (or stack outputs that cannot be read).
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CreateJobCommand, S3ControlClient } from '@aws-sdk/client-s3-control';
import { UsageError } from '../core/errors';
import { describeS3Error } from '../lambda/s3-transfer';
import { BACKFILL_USAGE, parseBackfillArgs } from './args';
import { createJobRequests, REPORT_PREFIX } from './job-request';
import { resolveTargets } from './stack-outputs';

/** The AWS clients a backfill uses, made when first needed (a dry run with every ARN given makes none). */
export interface BackfillClients {
  s3Control(): S3ControlClient;
  cloudFormation(): CloudFormationClient;
}

/** Where the command's lines go: stdout, and stderr. */
export interface Output {
  out(text: string): void;
  err(text: string): void;
}

const CONSOLE: Output = { out: (text) => process.stdout.write(`${text}\n`), err: (text) => process.stderr.write(`${text}\n`) };

/** Clients with the SDK's own configuration: credentials, region and endpoints from the environment or the profile. */
export function defaultClients(): BackfillClients {
  let s3Control: S3ControlClient | undefined;
  let cloudFormation: CloudFormationClient | undefined;
  return { s3Control: () => (s3Control ??= new S3ControlClient({})), cloudFormation: () => (cloudFormation ??= new CloudFormationClient({})) };
}

export async function backfill(argv: string[], clients: BackfillClients = defaultClients(), output: Output = CONSOLE): Promise<number> {
  try {
    const options = parseBackfillArgs(argv);
    if (!options) {
      output.out(BACKFILL_USAGE);
      return 0;
    }
    const requests = createJobRequests(options, await resolveTargets(options, clients.cloudFormation));
    if (options.dryRun) {
      output.out(JSON.stringify(requests, null, 2));
      return 0;
    }
    for (const request of requests) {
      const { JobId } = await clients.s3Control().send(new CreateJobCommand(request));
      const report = `${request.Report!.Bucket!.replace(/^arn:[^:]+:s3:::/, 's3://')}/${REPORT_PREFIX}/job-${JobId}/`;
      output.out(`job ${JobId}: ${request.Description!.replace('frame-processor backfill ', '')} -> ${request.Operation!.LambdaInvoke!.FunctionArn}; report: ${report}`);
    }
    return 0;
  } catch (error) {
    if (!(error instanceof UsageError)) {
      output.err(`frame-processor: backfill: CreateJob failed: ${describeS3Error(error)}`);
      return 1;
    }
    output.err(`frame-processor: ${error.message}`);
    output.err(BACKFILL_USAGE);
    return 2;
  }
}
