// The tracking and stitch functions' log lines on this machine: JSON lines like their Powertools
// logs on Lambda, from a threshold up, into the handler log (or stdout), so the terminal shows
// one style only.
import type { Writable } from 'node:stream';
import type { LogLevel } from '../lambda/config';
import type { TrackingLog } from '../tracking/context';

const SEVERITY: Record<string, number> = { TRACE: 0, DEBUG: 1, INFO: 2, WARN: 3, ERROR: 4, CRITICAL: 5, SILENT: 6 };

/** A logger writing `{level, message, service, timestamp, ...fields}` lines at `threshold` and above. */
export function jsonLog(stream: Writable | undefined, threshold: LogLevel, service: string): TrackingLog {
  const write = (level: string) => (message: string, fields: Record<string, unknown> = {}) => {
    if (SEVERITY[level] < SEVERITY[threshold]) return;
    const line = `${JSON.stringify({ level, message, service, timestamp: new Date().toISOString(), ...fields })}\n`;
    if (stream) stream.write(line);
    else process.stdout.write(line);
  };
  return { info: write('INFO'), warn: write('WARN'), error: write('ERROR') };
}
