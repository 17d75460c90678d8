// What IAM authorises for each SDK request: the action(s) and the resource ARN(s), as the Service
// Authorization Reference lists them for the API operation. A request this table does not know
// fails the test that meets it (add its row): an unknown call must never pass unchecked.
// see: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazons3.html
// see: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
// see: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazoneventbridge.html
// see: https://docs.aws.amazon.com/service-authorization/latest/reference/list_awslambda.html
// see: https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-with-s3-policy-actions.html
//   (HeadObject needs s3:GetObject; multipart uploads need s3:PutObject; PutObject with tags needs
//   s3:PutObjectTagging as well; DeleteObjects needs s3:DeleteObject on each key)
import type { SdkCall } from './aws-calls';

export interface Authorisation {
  action: string;
  resource: string;
}

export interface Place {
  partition: string;
  region: string;
  account: string;
}

export function authorisationsOf(call: SdkCall, place: Place): Authorisation[] {
  const mapper = MAPPERS[call.service]?.[call.command];
  if (!mapper) throw new Error(`no IAM mapping for ${call.service} ${call.command} (made by ${call.fn}): add it to test/support/iam-actions.ts`);
  return mapper(call.input, place);
}

type Mapper = (input: Record<string, any>, place: Place) => Authorisation[];

const object = ({ partition }: Place, bucket: string, key: string) => `arn:${partition}:s3:::${bucket}/${key}`;
const bucketArn = ({ partition }: Place, bucket: string) => `arn:${partition}:s3:::${bucket}`;
const s3Object = (action: string): Mapper => (input, place) => [{ action, resource: object(place, input.Bucket, input.Key) }];
const table = ({ partition, region, account }: Place, name: string) => `arn:${partition}:dynamodb:${region}:${account}:table/${name}`;
const onTable = (action: string): Mapper => (input, place) => [{ action, resource: table(place, input.TableName) }];

const MAPPERS: Record<string, Record<string, Mapper>> = {
  S3: {
    GetObject: s3Object('s3:GetObject'),
    HeadObject: s3Object('s3:GetObject'),
    PutObject: (input, place) => [
      { action: 's3:PutObject', resource: object(place, input.Bucket, input.Key) },
      ...(input.Tagging ? [{ action: 's3:PutObjectTagging', resource: object(place, input.Bucket, input.Key) }] : []),
    ],
    CreateMultipartUpload: s3Object('s3:PutObject'),
    UploadPart: s3Object('s3:PutObject'),
    CompleteMultipartUpload: s3Object('s3:PutObject'),
    AbortMultipartUpload: s3Object('s3:AbortMultipartUpload'),
    DeleteObject: s3Object('s3:DeleteObject'),
    DeleteObjects: (input, place) => (input.Delete?.Objects ?? []).map((entry: { Key: string }) => ({ action: 's3:DeleteObject', resource: object(place, input.Bucket, entry.Key) })),
    ListObjects: (input, place) => [{ action: 's3:ListBucket', resource: bucketArn(place, input.Bucket) }],
    ListObjectsV2: (input, place) => [{ action: 's3:ListBucket', resource: bucketArn(place, input.Bucket) }],
  },
  DynamoDB: {
    GetItem: onTable('dynamodb:GetItem'),
    PutItem: onTable('dynamodb:PutItem'),
    UpdateItem: onTable('dynamodb:UpdateItem'),
    DeleteItem: onTable('dynamodb:DeleteItem'),
    Query: (input, place) => [{ action: 'dynamodb:Query', resource: `${table(place, input.TableName)}${input.IndexName ? `/index/${input.IndexName}` : ''}` }],
    BatchGetItem: (input, place) => Object.keys(input.RequestItems ?? {}).map((name) => ({ action: 'dynamodb:BatchGetItem', resource: table(place, name) })),
    TransactWriteItems: (input, place) =>
      (input.TransactItems ?? []).map((item: Record<string, { TableName: string }>) => {
        const [kind, operation] = Object.entries(item)[0];
        const action = { Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' }[kind];
        return { action: `dynamodb:${action}`, resource: table(place, operation.TableName) };
      }),
  },
  EventBridge: {
    PutEvents: (input, { partition, region, account }) =>
      (input.Entries ?? []).map((entry: { EventBusName?: string }) => ({ action: 'events:PutEvents', resource: `arn:${partition}:events:${region}:${account}:event-bus/${entry.EventBusName ?? 'default'}` })),
  },
  Lambda: {
    Invoke: (input, { partition, region, account }) => {
      const name = String(input.FunctionName);
      return [{ action: 'lambda:InvokeFunction', resource: name.startsWith('arn:') ? name : `arn:${partition}:lambda:${region}:${account}:function:${name}` }];
    },
  },
};
