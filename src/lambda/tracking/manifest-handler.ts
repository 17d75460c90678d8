// Lambda entry point of the manifest function (serverless: recordManifest). Settings are read and
// validated once, at cold start (TRACKING_TABLE, OUTPUT_BUCKET, LOG_LEVEL).
import { publishingFunction } from './entry-setup';
import { createManifestHandler } from './manifest';

export const handler = createManifestHandler(publishingFunction());
