// The manifest function: `<videoId>/capture.json` created in the input bucket records the video's
// total (src/tracking/manifest.ts says what a valid manifest is). An invalid one is refused with
// a logged error naming the object and the reason, changes nothing and is not retried.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { isManifestKey, MANIFEST_NAME, MAX_MANIFEST_BYTES } from '../../tracking/manifest';
import type { Tracker } from '../../tracking/tracker';
import { eventRecords, planRecord, type ObjectRef } from '../s3-event';
import { eachItem, type ItemOutcome } from './each-item';
import type { TrackingReport } from './report';

export interface ManifestDeps {
  s3: S3Client;
  tracker: Pick<Tracker, 'manifest'>;
  report: TrackingReport;
}

export type ManifestHandler = (event: unknown) => Promise<ItemOutcome>;

export function createManifestHandler(deps: ManifestDeps): ManifestHandler {
  return async (event) => {
    const manifests = manifestsOf(event, deps.report);
    return eachItem(manifests, (object) => `${object.bucket}/${object.key}`, (object) => record(deps, object), deps.report);
  };
}

async function record(deps: ManifestDeps, object: ObjectRef): Promise<void> {
  const bytes = await readManifest(deps.s3, object);
  const progress = await deps.tracker.manifest(bytes, object.key);
  deps.report.progress('manifest recorded', object.key.slice(0, object.key.lastIndexOf('/')), progress);
}

/** The created `capture.json` objects an S3 event names; anything else is logged and left alone. */
function manifestsOf(event: unknown, report: TrackingReport): ObjectRef[] {
  const { records, problem } = eventRecords(event);
  if (problem) report.log.error('not an S3 event', { reason: problem });
  const manifests: ObjectRef[] = [];
  for (const raw of records) {
    const plan = planRecord(raw);
    if (plan.kind === 'invalid') {
      report.log.error('record refused', { bucket: plan.bucket, key: plan.rawKey, reason: plan.reason });
      continue;
    }
    const eventName = String((raw as { eventName?: unknown }).eventName);
    const created = eventName.startsWith('ObjectCreated:');
    if (plan.object && created && isManifestKey(plan.object.key)) manifests.push(plan.object);
    else report.log.info('record skipped', { key: plan.object?.key, reason: created ? `not a <videoId>/${MANIFEST_NAME} key` : `event ${eventName} is not an ObjectCreated event` });
  }
  return manifests;
}

/**
 * The first MAX_MANIFEST_BYTES + 1 bytes at most: a larger object is read no further and the
 * manifest parser refuses it by its size.
 */
async function readManifest(s3: S3Client, object: ObjectRef): Promise<Uint8Array> {
  const response = await s3.send(new GetObjectCommand({ Bucket: object.bucket, Key: object.key, Range: `bytes=0-${MAX_MANIFEST_BYTES}` }));
  return (await response.Body?.transformToByteArray()) ?? new Uint8Array();
}
