// Peak resident memory of a fresh process that processes one frame.
import type { BlurMethod } from '../src/core/reduction';
import { runChild } from './child-process';

interface Peaks {
  maxRssKB: number;
  vmHwmKB: number | null;
}

export interface PeakRss {
  /** Where `peakMB` comes from: VmHWM (Linux) or process.resourceUsage().maxRSS. */
  source: 'VmHWM' | 'maxRSS';
  /** Peak after start-up and instantiating the kernel, before the frame. */
  baselineMB: number;
  /** Peak after the frame: the process's peak. */
  peakMB: number;
  /** process.resourceUsage().maxRSS after the frame (inherits the parent's peak on Linux, see child-rss.ts). */
  maxRssMB: number;
  /** The kernel's linear memory after the frame. */
  linearMemoryMB: number;
}

export function measurePeakRss(framePath: string, method: BlurMethod = 'fast'): PeakRss {
  const child = runChild<{ before: Peaks; after: Peaks; linearMemoryBytes: number }>('child-rss', [framePath, method]);
  const useHwm = child.after.vmHwmKB !== null && child.before.vmHwmKB !== null;
  const peak = (p: Peaks) => (useHwm ? (p.vmHwmKB as number) : p.maxRssKB) / 1024;
  return {
    source: useHwm ? 'VmHWM' : 'maxRSS',
    baselineMB: peak(child.before),
    peakMB: peak(child.after),
    maxRssMB: child.after.maxRssKB / 1024,
    linearMemoryMB: child.linearMemoryBytes / 2 ** 20,
  };
}
