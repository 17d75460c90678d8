// The deployed stack's outputs a backfill needs (serverless.yml, Outputs): the Batch Operations
// role, the function and the output bucket, read with CloudFormation's DescribeStacks unless every
// one was given on the command line.
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { UsageError } from '../core/errors';
import type { BackfillOptions } from './args';
import type { JobTargets } from './job-request';

/** The output names serverless.yml gives them. */
export const STACK_OUTPUTS = { roleArn: 'BatchOperationsRoleArn', functionArn: 'ProcessFrameFunctionArn', reportBucket: 'OutputBucketName' } as const;

export async function resolveTargets(options: BackfillOptions, cloudFormation: () => CloudFormationClient): Promise<JobTargets> {
  const given = { roleArn: options.roleArn, functionArn: options.functionArn, reportBucket: options.reportBucket };
  if (given.roleArn && given.functionArn && given.reportBucket) return { roleArn: given.roleArn, functionArn: given.functionArn, reportBucket: given.reportBucket };
  const outputs = await stackOutputs(options.stack, cloudFormation());
  const pick = (name: keyof JobTargets): string => {
    const value = given[name] ?? outputs.get(STACK_OUTPUTS[name]);
    if (value === undefined) throw new UsageError(`the stack ${options.stack} has no output ${STACK_OUTPUTS[name]} (deploy this version, or give --${flagOf(name)})`);
    return value;
  };
  return { roleArn: pick('roleArn'), functionArn: pick('functionArn'), reportBucket: pick('reportBucket') };
}

/** A stack's outputs by key; a UsageError naming the stack, and `instead` (what to give rather), if they cannot be read. */
export async function stackOutputs(stack: string, client: CloudFormationClient, instead = 'give --stage or --stack, or every ARN'): Promise<Map<string, string>> {
  try {
    const { Stacks } = await client.send(new DescribeStacksCommand({ StackName: stack }));
    return new Map((Stacks?.[0]?.Outputs ?? []).flatMap((output) => (output.OutputKey && output.OutputValue ? [[output.OutputKey, output.OutputValue]] : [])));
  } catch (error) {
    throw new UsageError(`cannot read the outputs of the stack ${stack}: ${(error as Error).message} (${instead})`);
  }
}

function flagOf(name: keyof JobTargets): string {
  return { roleArn: 'role-arn', functionArn: 'function-arn', reportBucket: 'report-bucket' }[name];
}
