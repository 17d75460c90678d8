// The S3 Batch Operations role in the packaged stack (serverless.yml, `serverless package` offline):
// assumable by S3 Batch Operations only, allowed exactly what AWS's documentation names for a backfill
// job (list and locate the input bucket to generate the manifest, invoke the function, write the
// report where the command puts it and locate its bucket), partition-neutral, and named in the
// stack outputs `frame-processor backfill` reads.
import assert from 'node:assert/strict';
import { REPORT_PREFIX } from '../../src/backfill/job-request';
import { STACK_OUTPUTS } from '../../src/backfill/stack-outputs';
import { DEFAULT_PARAMS, packageStack, type Template } from '../support/serverless';

describe('deploy: the S3 Batch Operations role (serverless.yml)', function () {
  this.timeout(180_000);
  let template: Template;

  before(async () => {
    ({ template } = await packageStack(DEFAULT_PARAMS));
  });

  it('is assumable by S3 Batch Operations and nothing else', () => {
    const role = template.Resources.BatchOperationsRole;

    assert.equal(role.Type, 'AWS::IAM::Role');
    assert.deepEqual(role.Properties.AssumeRolePolicyDocument.Statement, [
      { Effect: 'Allow', Principal: { Service: 'batchoperations.s3.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
  });

  it('may invoke the function, list and locate the input bucket and write reports under the prefix the command uses: nothing more', () => {
    const [policy, ...others] = template.Resources.BatchOperationsRole.Properties.Policies;
    const grants = policy.PolicyDocument.Statement.map(({ Action, Resource }: { Action: string; Resource: unknown }) => [Action, Resource]);

    assert.deepEqual(others, []);
    assert.deepEqual(grants, [
      ['lambda:InvokeFunction', { 'Fn::GetAtt': ['ProcessFrameLambdaFunction', 'Arn'] }],
      [['s3:ListBucket', 's3:GetBucketLocation'], { 'Fn::Sub': `arn:\${AWS::Partition}:s3:::${DEFAULT_PARAMS.inputBucket}` }],
      ['s3:PutObject', { 'Fn::Sub': `\${OutputBucket.Arn}/${REPORT_PREFIX}/*` }],
      ['s3:GetBucketLocation', { 'Fn::GetAtt': ['OutputBucket', 'Arn'] }],
    ]);
    assert.ok(policy.PolicyDocument.Statement.every((statement: { Effect: string }) => statement.Effect === 'Allow'));
  });

  it('is an exported stack output, next to the function and the output bucket, under the names the command reads', () => {
    const outputs = template.Outputs as Record<string, { Value: unknown; Export?: { Name: string } }>;

    assert.deepEqual(outputs[STACK_OUTPUTS.roleArn], { Value: { 'Fn::GetAtt': ['BatchOperationsRole', 'Arn'] }, Export: { Name: 'frame-processor-ci-BatchOperationsRoleArn' } });
    assert.deepEqual(outputs[STACK_OUTPUTS.functionArn].Value, { 'Fn::GetAtt': ['ProcessFrameLambdaFunction', 'Arn'] });
    assert.deepEqual(outputs[STACK_OUTPUTS.reportBucket].Value, { Ref: 'OutputBucket' });
  });
});
