// Each function's role in a packaged template, as IAM would hold it once deployed: its inline
// policies and the AWS::IAM::Policy resources attached to it, with every Ref, Fn::GetAtt, Fn::Sub
// and Fn::Join resolved to the names and ARNs the stack would have in one account and region. The
// names CloudFormation would make up (the table's) are given, the rest come from the template.
// see: AWS CloudFormation User Guide, "Intrinsic function reference" and each resource's "Return values"
import type { Place } from './iam-actions';
import type { Template } from './serverless';

export interface PolicyDocument {
  Version: string;
  Statement: Array<Record<string, any>>;
}

export interface FunctionRole {
  /** The function's logical id (ProcessFrameLambdaFunction...). */
  id: string;
  functionName: string;
  role: string;
  policies: Array<{ name: string; document: PolicyDocument }>;
  /** The environment the template gives the function, resolved. */
  environment: Record<string, string>;
}

export class TemplateResolver {
  constructor(
    private readonly template: Template,
    private readonly place: Place,
    /** Physical names of resources whose name CloudFormation would choose (or that the test chooses). */
    private readonly names: Record<string, string> = {},
  ) {}

  /** Every function of the stack (the framework's own helper excepted) with its role's policies. */
  functionRoles(): FunctionRole[] {
    const resources = this.template.Resources;
    return Object.entries(resources)
      .filter(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && !id.startsWith('CustomDashresource'))
      .map(([id, fn]) => {
        const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
        const inline = (resources[role].Properties.Policies ?? []).map((policy: any) => ({ name: `${role}/${policy.PolicyName}`, document: this.resolve(policy.PolicyDocument) }));
        const attached = Object.entries(resources)
          .filter(([, resource]) => resource.Type === 'AWS::IAM::Policy' && resource.Properties.Roles.some((ref: { Ref: string }) => ref.Ref === role))
          .map(([policy, resource]) => ({ name: policy, document: this.resolve(resource.Properties.PolicyDocument) }));
        const environment = this.resolve(fn.Properties.Environment?.Variables ?? {}) as Record<string, string>;
        return { id, functionName: this.resolve(fn.Properties.FunctionName) as string, role, policies: [...inline, ...attached], environment };
      });
  }

  /** The value with every intrinsic function resolved. */
  resolve(value: any): any {
    if (Array.isArray(value)) return value.map((item) => this.resolve(item));
    if (value === null || typeof value !== 'object') return value;
    const entries = Object.entries(value);
    if (entries.length === 1) {
      const [fn, args] = entries[0] as [string, any];
      if (fn === 'Ref') return this.ref(args);
      if (fn === 'Fn::GetAtt') return this.attribute(...((Array.isArray(args) ? args : String(args).split('.')) as [string, string]));
      if (fn === 'Fn::Join') return (this.resolve(args[1]) as string[]).join(args[0]);
      if (fn === 'Fn::Sub') return this.sub(args);
      if (fn.startsWith('Fn::')) throw new Error(`${fn} is not resolved here`);
    }
    return Object.fromEntries(entries.map(([key, item]) => [key, this.resolve(item)]));
  }

  private sub(args: string | [string, Record<string, unknown>]): string {
    const [text, variables = {}] = Array.isArray(args) ? args : [args];
    return text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      if (name in variables) return String(this.resolve(variables[name]));
      if (name.startsWith('AWS::')) return this.ref(name);
      const [id, attribute] = name.split('.');
      return attribute === undefined ? this.ref(id) : this.attribute(id, attribute);
    });
  }

  private ref(id: string): string {
    const { partition, region, account } = this.place;
    const pseudo: Record<string, string> = { 'AWS::Partition': partition, 'AWS::Region': region, 'AWS::AccountId': account, 'AWS::StackName': 'frame-processor-ci', 'AWS::URLSuffix': 'amazonaws.com' };
    if (id in pseudo) return pseudo[id];
    const resource = this.template.Resources[id];
    if (!resource) throw new Error(`Ref ${id}: no such resource`);
    const name = this.nameOf(id);
    switch (resource.Type) {
      case 'AWS::SNS::Topic':
        return `arn:${partition}:sns:${region}:${account}:${name}`;
      case 'AWS::SQS::Queue':
        return `https://sqs.${region}.amazonaws.com/${account}/${name}`;
      default:
        return name;
    }
  }

  private attribute(id: string, attribute: string): string {
    const { partition, region, account } = this.place;
    const resource = this.template.Resources[id];
    if (!resource) throw new Error(`Fn::GetAtt ${id}.${attribute}: no such resource`);
    const name = this.nameOf(id);
    if (attribute !== 'Arn') return name;
    const arns: Record<string, string> = {
      'AWS::S3::Bucket': `arn:${partition}:s3:::${name}`,
      'AWS::DynamoDB::Table': `arn:${partition}:dynamodb:${region}:${account}:table/${name}`,
      'AWS::Lambda::Function': `arn:${partition}:lambda:${region}:${account}:function:${name}`,
      'AWS::SQS::Queue': `arn:${partition}:sqs:${region}:${account}:${name}`,
      'AWS::IAM::Role': `arn:${partition}:iam::${account}:role/${name}`,
      'AWS::Events::Rule': `arn:${partition}:events:${region}:${account}:rule/${name}`,
    };
    if (!(resource.Type in arns)) throw new Error(`Fn::GetAtt ${id}.Arn: no ARN form for ${resource.Type}`);
    return arns[resource.Type];
  }

  /** The resource's physical name: given, or its name property, or (as CloudFormation would) made from its id. */
  private nameOf(id: string): string {
    if (id in this.names) return this.names[id];
    const props = this.template.Resources[id].Properties ?? {};
    const property = ['FunctionName', 'BucketName', 'TableName', 'QueueName', 'TopicName', 'Name', 'RoleName'].find((key) => key in props);
    return property ? String(this.resolve(props[property])) : `frame-processor-ci-${id}`;
  }
}
