// An osls plugin that finishes the CloudFormation template after the framework has compiled it and
// before it is written (so `serverless package` and `serverless deploy` get the same template):
//   - conditions on the parameters are decided here: a resource whose condition is false is left
//     out, every Fn::If is replaced by the branch taken. The template holds only what is deployed,
//     and cfn-lint reads no dead branch (serverless.yml keeps its Conditions: readable, declarative).
//   - every resource that delivers events to a function (S3 notification, EventBridge rule, SNS
//     subscription, stream mapping) waits for the policies attached to that function's role: the
//     tracking and KMS policies exist before the first event arrives.
//   - the framework's S3-notification helper may add and remove invoke permissions only on the
//     functions it subscribes (osls grants `function:*`), and says each grant once.
//   - every function gets its alarms (scripts/serverless-alarms.cjs): throttles, failed deliveries
//     to its on-failure destination, the age of a stream it reads.
//   - names past an AWS length limit (a long stage name), and a default output bucket name S3 would
//     refuse, stop the package with the longest stage name that fits, instead of failing halfway
//     through a deploy.
// Plain CommonJS: the framework loads plugins with require(), before anything is compiled.
'use strict';

const { addFunctionAlarms } = require('./serverless-alarms.cjs');
const { dropDependsOnRemoved, foldConditions } = require('./serverless-conditions.cjs');

/** AWS's length limits of the names this stack sets. */
const NAME_LIMITS = [
  // see: https://docs.aws.amazon.com/lambda/latest/api/API_CreateFunction.html (FunctionName: 64 characters)
  { type: 'AWS::Lambda::Function', property: 'FunctionName', max: 64, what: 'function name' },
  // see: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/APIReference/API_CreateQueue.html (80 characters)
  { type: 'AWS::SQS::Queue', property: 'QueueName', max: 80, what: 'queue name' },
  // see: https://docs.aws.amazon.com/sns/latest/api/API_CreateTopic.html (256 characters)
  { type: 'AWS::SNS::Topic', property: 'TopicName', max: 256, what: 'topic name' },
  // see: https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePolicy.html (PolicyName: 128 characters)
  { type: 'AWS::IAM::Policy', property: 'PolicyName', max: 128, what: 'policy name' },
  // see: https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_PutRule.html (Name: 64 characters)
  { type: 'AWS::Events::Rule', property: 'Name', max: 64, what: 'rule name' },
  // see: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html (255 characters)
  { type: 'AWS::CloudWatch::Alarm', property: 'AlarmName', max: 255, what: 'alarm name' },
];

/** The functions an event source invokes, as names or references of their resources. */
function targetsOf(resource) {
  const props = resource.Properties || {};
  switch (resource.Type) {
    case 'Custom::S3':
      return [props.FunctionName];
    case 'AWS::Events::Rule':
      return (props.Targets || []).map((target) => target.Arn);
    case 'AWS::SNS::Subscription':
      return props.Protocol === 'lambda' ? [props.Endpoint] : [];
    case 'AWS::Lambda::EventSourceMapping':
      return [props.FunctionName];
    default:
      return [];
  }
}

/** The logical id of the function a target names (GetAtt, Ref or its FunctionName), if it is one of ours. */
function functionOf(target, functions) {
  const logicalId = target && (target['Fn::GetAtt'] ? target['Fn::GetAtt'][0] : target.Ref);
  if (logicalId && functions.has(logicalId)) return logicalId;
  for (const [id, fn] of functions) if (fn.Properties.FunctionName === target) return id;
  return undefined;
}

/** Event sources depend on every policy attached to the role of a function they invoke. */
function triggersAfterPolicies(resources) {
  const functions = new Map(Object.entries(resources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function'));
  const policiesOfRole = new Map();
  for (const [id, resource] of Object.entries(resources)) {
    if (resource.Type !== 'AWS::IAM::Policy') continue;
    for (const role of resource.Properties.Roles || []) if (role.Ref) policiesOfRole.set(role.Ref, [...(policiesOfRole.get(role.Ref) || []), id]);
  }
  for (const resource of Object.values(resources)) {
    const invoked = targetsOf(resource).map((target) => functionOf(target, functions)).filter(Boolean);
    const policies = invoked.flatMap((id) => {
      const role = functions.get(id).Properties.Role;
      return policiesOfRole.get(role && role['Fn::GetAtt'] ? role['Fn::GetAtt'][0] : undefined) || [];
    });
    if (policies.length === 0) continue;
    const dependsOn = [].concat(resource.DependsOn || []);
    resource.DependsOn = [...dependsOn, ...policies.filter((policy) => !dependsOn.includes(policy))];
  }
}

/** The S3-notification helper's role: lambda permissions on the subscribed functions only, each statement once. */
function narrowNotificationHelper(resources) {
  const role = resources.IamRoleCustomResourcesLambdaExecution;
  if (!role) return;
  const subscribed = [...new Set(Object.values(resources).filter((resource) => resource.Type === 'Custom::S3').map((resource) => resource.Properties.FunctionName))];
  const arn = (name) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}` });
  const document = role.Properties.Policies[0].PolicyDocument;
  const seen = new Set();
  document.Statement = document.Statement.flatMap((statement) => {
    const actions = [].concat(statement.Action);
    const narrowed = actions.includes('lambda:AddPermission') ? { ...statement, Resource: subscribed.map(arn) } : statement;
    const key = JSON.stringify(narrowed);
    if (seen.has(key)) return [];
    seen.add(key);
    return [narrowed];
  });
}

/** One message for the names past their limit: the longest, and the longest stage name with which every name fits. */
function nameProblems(resources, stage) {
  const tooLong = [];
  for (const resource of Object.values(resources)) {
    const limit = NAME_LIMITS.find((candidate) => candidate.type === resource.Type);
    const name = limit && resource.Properties[limit.property];
    if (typeof name === 'string' && name.length > limit.max) tooLong.push({ ...limit, name, fits: limit.max - (name.length - stage.length) });
  }
  if (tooLong.length === 0) return [];
  const worst = tooLong.reduce((a, b) => (b.fits < a.fits ? b : a));
  const others = tooLong.length > 1 ? ` (and ${tooLong.length - 1} more name${tooLong.length > 2 ? 's' : ''})` : '';
  return [`--stage ${stage}: the ${worst.what} ${worst.name} is ${worst.name.length} characters; AWS allows ${worst.max}${others}. Use a stage name of at most ${Math.max(worst.fits, 0)} characters.`];
}

/**
 * The output bucket's default name (outputBucket=auto) takes the account and region from
 * CloudFormation: with a 12-digit account and this deploy's region, it must still be a bucket name.
 * see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html (3-63 characters, lower case)
 */
function defaultBucketProblems(resources, stage, region) {
  const name = resources.OutputBucket && resources.OutputBucket.Properties.BucketName;
  const text = name && name['Fn::Sub'];
  if (typeof text !== 'string') return [];
  const resolved = text.replace('${AWS::AccountId}', '123456789012').replace('${AWS::Region}', region);
  const fix = 'or give the bucket a name: --param outputBucket=NAME';
  if (/[A-Z_]/.test(stage)) return [`--stage ${stage}: the output bucket's default name ${resolved} would not be a bucket name (lower case only): use a lower-case stage, ${fix}`];
  if (resolved.length <= 63) return [];
  return [`--stage ${stage}: the output bucket's default name ${resolved} would be ${resolved.length} characters; S3 allows 63. Use a stage name of at most ${63 - (resolved.length - stage.length)} characters, ${fix}`];
}

class TemplateFinish {
  constructor(serverless) {
    const ServerlessError = (serverless.classes && serverless.classes.Error) || Error;
    const refuse = (problems) => {
      if (problems.length > 0) throw new ServerlessError(problems.join('\n'));
    };
    this.hooks = {
      // The functions' names are known before anything is built: a long stage stops at once.
      initialize: () => {
        const stage = serverless.getProvider('aws').getStage();
        const functions = serverless.service.getAllFunctionsNames().map((FunctionName) => ({ Type: 'AWS::Lambda::Function', Properties: { FunctionName } }));
        refuse(nameProblems(functions, stage));
      },
      'before:aws:package:finalize:saveServiceState': () => {
        const template = serverless.service.provider.compiledCloudFormationTemplate;
        foldConditions(template);
        triggersAfterPolicies(template.Resources);
        dropDependsOnRemoved(template);
        narrowNotificationHelper(template.Resources);
        addFunctionAlarms(template.Resources);
        const provider = serverless.getProvider('aws');
        refuse([...nameProblems(template.Resources, provider.getStage()), ...defaultBucketProblems(template.Resources, provider.getStage(), provider.getRegion())]);
      },
    };
  }
}

module.exports = TemplateFinish;
