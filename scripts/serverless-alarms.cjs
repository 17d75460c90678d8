// The alarms every function gets, added to the compiled template by scripts/serverless-template.cjs
// (so a function added later gets them too), each publishing to the stack's alarm topic
// (FailureAlarmTopic). docs/operations.md says what each means and what to do.
//   <function>-throttled           Lambda throttled it in each of 3 five-minute periods in a row: its
//                                  events wait (asynchronous ones are retried for up to 6 hours)
//   <function>-failed-deliveries   Lambda could not hand a failed event to its on-failure
//                                  destination (DestinationDeliveryFailures): that event is lost
//   <function>-iterator-age        a stream it reads is more than 30 minutes behind (IteratorAge):
//                                  records older than a day are gone from a DynamoDB stream
// see: https://docs.aws.amazon.com/lambda/latest/dg/monitoring-metrics-types.html
'use strict';

const FIVE_MINUTES = 300;
const ITERATOR_AGE_MS = 30 * 60 * 1000;

function alarm({ name, description, metric, statistic, periods, threshold, operator }, functionId) {
  return {
    Type: 'AWS::CloudWatch::Alarm',
    Properties: {
      AlarmName: name,
      AlarmDescription: description,
      Namespace: 'AWS/Lambda',
      MetricName: metric,
      Dimensions: [{ Name: 'FunctionName', Value: { Ref: functionId } }],
      Statistic: statistic,
      Period: FIVE_MINUTES,
      EvaluationPeriods: periods,
      DatapointsToAlarm: periods,
      ComparisonOperator: operator || 'GreaterThanThreshold',
      Threshold: threshold,
      TreatMissingData: 'notBreaching',
      AlarmActions: [{ Ref: 'FailureAlarmTopic' }],
    },
  };
}

/** True if `resource` hands this function's failures to a destination (async invocations, or a stream mapping). */
function hasFailureDestination(resources, functionId) {
  return Object.values(resources).some((resource) => {
    const props = resource.Properties || {};
    const ofFunction = JSON.stringify(props.FunctionName) === JSON.stringify({ Ref: functionId }) || JSON.stringify(props.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] });
    if (!ofFunction) return false;
    if (resource.Type === 'AWS::Lambda::EventInvokeConfig') return Boolean(props.DestinationConfig && props.DestinationConfig.OnFailure);
    return resource.Type === 'AWS::Lambda::EventSourceMapping' && Boolean(props.DestinationConfig && props.DestinationConfig.OnFailure);
  });
}

function readsStream(resources, functionId) {
  return Object.values(resources).some(
    (resource) => resource.Type === 'AWS::Lambda::EventSourceMapping' && JSON.stringify(resource.Properties.FunctionName) === JSON.stringify({ 'Fn::GetAtt': [functionId, 'Arn'] }),
  );
}

/** Adds every function's alarms to `resources` (the framework's own helper functions excepted). */
function addFunctionAlarms(resources) {
  const functions = Object.entries(resources).filter(([id, resource]) => resource.Type === 'AWS::Lambda::Function' && !id.startsWith('CustomDashresource'));
  for (const [id, fn] of functions) {
    const name = fn.Properties.FunctionName;
    const base = id.replace(/LambdaFunction$/, '');
    resources[`${base}ThrottlesAlarm`] = alarm(
      { name: `${name}-throttled`, description: `${name} was throttled for 15 minutes: its events wait (docs/operations.md, "throttled").`, metric: 'Throttles', statistic: 'Sum', periods: 3, threshold: 0 },
      id,
    );
    if (hasFailureDestination(resources, id)) {
      resources[`${base}DeliveryFailuresAlarm`] = alarm(
        { name: `${name}-failed-deliveries`, description: `Lambda could not hand a failed event of ${name} to its on-failure destination: that event is lost (docs/operations.md, "failed-deliveries").`, metric: 'DestinationDeliveryFailures', statistic: 'Sum', periods: 1, threshold: 0 },
        id,
      );
    }
    if (readsStream(resources, id)) {
      resources[`${base}IteratorAgeAlarm`] = alarm(
        { name: `${name}-iterator-age`, description: `${name} is more than 30 minutes behind its stream (docs/operations.md, "iterator-age").`, metric: 'IteratorAge', statistic: 'Maximum', periods: 2, threshold: ITERATOR_AGE_MS, operator: 'GreaterThanOrEqualToThreshold' },
        id,
      );
    }
  }
}

module.exports = { addFunctionAlarms };
