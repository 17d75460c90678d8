// Lambda entry point of the table-totals function (serverless: adoptTableTotals), on the existing
// jobs table's DynamoDB stream. TRACKING_TABLE, OUTPUT_BUCKET (it publishes), LOG_LEVEL.
import { publishingFunction } from './entry-setup';
import { createTableTotalsHandler } from './table-totals';

export const handler = createTableTotalsHandler(publishingFunction());
