// Run in a fresh process by peak-rss.ts: processes one frame (argv[2]) with the blur method
// argv[3] and prints the peak resident set size before and after it, in KB, as one JSON line.
import { readFileSync } from 'node:fs';
import { Kernel } from '../src/wasm/instance';
import { processFrame } from '../src/core/pipeline';
import type { BlurMethod } from '../src/core/reduction';
import { BLUR_MODIFIER, QUALITY } from './settings';

function main(framePath: string, blurMethod: BlurMethod): void {
  const bytes = readFileSync(framePath);
  Kernel.instance();
  const before = peaks();
  const result = processFrame(bytes, { blurModifier: BLUR_MODIFIER, blurMethod, quality: QUALITY, format: 'jpeg' });
  const after = peaks();
  const linearMemoryBytes = Kernel.instance().memoryBytes;
  process.stdout.write(`${JSON.stringify({ before, after, linearMemoryBytes, outputBytes: result.bytes.length })}\n`);
}

/**
 * Peak RSS in KB two ways. process.resourceUsage().maxRSS survives execve on Linux, so a child
 * starts with the peak of the (big) parent it was forked from; VmHWM in /proc/self/status
 * belongs to this process image alone, so it is the figure to trust where it exists.
 */
function peaks(): { maxRssKB: number; vmHwmKB: number | null } {
  let vmHwmKB: number | null = null;
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
    if (match) vmHwmKB = Number(match[1]);
  } catch {
    // not Linux
  }
  return { maxRssKB: process.resourceUsage().maxRSS, vmHwmKB };
}

main(process.argv[2], (process.argv[3] ?? 'fast') as BlurMethod);
