// The sweepers' one read: which videos have waited in an outbox state long enough. Both the frame
// accounting's sweeper and the stitch's query the sparse fp_Outbox-index the same way.
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/client-dynamodb';
import { N, S, type Table } from './items';
import { A, HASH_KEY, OUTBOX_INDEX } from './table';

/** Video ids in the outbox with `state` since `before` (ms since the epoch) or earlier, every page. */
export async function videosWaitingIn(table: Table, state: string, before: number): Promise<string[]> {
  const ids: string[] = [];
  let start: QueryCommandOutput['LastEvaluatedKey'];
  do {
    const page: QueryCommandOutput = await table.client.send(
      new QueryCommand({
        TableName: table.name,
        IndexName: OUTBOX_INDEX,
        KeyConditionExpression: '#outbox = :state AND #since <= :before',
        ExpressionAttributeNames: { '#outbox': A.outbox, '#since': A.outboxSince },
        ExpressionAttributeValues: { ':state': S(state), ':before': N(before) },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) ids.push(item[HASH_KEY]?.S ?? '');
    start = page.LastEvaluatedKey;
  } while (start);
  return ids.filter((id) => id !== '');
}
