// What Lambda would send to the failure topic for a frame event that failed every retry, and what
// SNS would hand the recorder: a destination record (RetriesExhausted, the event as its request
// payload, the error as its response) inside an SNS notification. The recorder reads exactly this.
// see: AWS Lambda Developer Guide, "Capturing records of Lambda asynchronous invocations".
import { randomUUID } from 'node:crypto';
import type { S3Event } from 'aws-lambda';

const LOCAL_FUNCTION = 'arn:aws:lambda:local:000000000000:function:frame-processor-local';
const LOCAL_TOPIC = 'arn:aws:sns:local:000000000000:frame-processor-local-failed-frames';

export function destinationNotification(event: S3Event, errorMessage: string, attempts: number): { Records: unknown[] } {
  const record = {
    version: '1.0',
    timestamp: new Date().toISOString(),
    requestContext: { requestId: randomUUID(), functionArn: `${LOCAL_FUNCTION}:$LATEST`, condition: 'RetriesExhausted', approximateInvokeCount: attempts },
    requestPayload: event,
    responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
    responsePayload: { errorMessage },
  };
  const sns = { Type: 'Notification', MessageId: randomUUID(), TopicArn: LOCAL_TOPIC, Subject: null, Message: JSON.stringify(record), Timestamp: record.timestamp, MessageAttributes: {} };
  return { Records: [{ EventSource: 'aws:sns', EventVersion: '1.0', EventSubscriptionArn: `${LOCAL_TOPIC}:local`, Sns: sns }] };
}
