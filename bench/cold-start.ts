// Cold start in fresh processes: WebAssembly compile + instantiate, and the first frames.
import type { BlurMethod } from '../src/core/reduction';
import { runChild } from './child-process';
import { median } from './stats';

interface FrameMs {
  totalMs: number;
  decodeMs: number;
  kernelMs: number;
  encodeMs: number;
}

interface ColdChild {
  loadModulesMs: number;
  compileMs: number;
  instantiateMs: number;
  processToReadyMs: number;
  first: FrameMs;
  second: FrameMs;
}

export interface ColdStart {
  processes: number;
  loadModulesMs: number;
  compileMs: number;
  instantiateMs: number;
  /** compile + instantiate: what every cold start pays; the target is 30 ms at most. */
  compileInstantiateMs: number;
  processToReadyMs: number;
  firstFrameMs: number;
  secondFrameMs: number;
}

/** Medians over `processes` fresh processes, each processing `framePath` twice with `method`. */
export function measureColdStart(framePath: string, processes: number, method: BlurMethod): ColdStart {
  const children = Array.from({ length: processes }, () => runChild<ColdChild>('child-cold', [framePath, method]));
  const m = (pick: (c: ColdChild) => number) => median(children.map(pick));
  return {
    processes,
    loadModulesMs: m((c) => c.loadModulesMs),
    compileMs: m((c) => c.compileMs),
    instantiateMs: m((c) => c.instantiateMs),
    compileInstantiateMs: m((c) => c.compileMs + c.instantiateMs),
    processToReadyMs: m((c) => c.processToReadyMs),
    firstFrameMs: m((c) => c.first.totalMs),
    secondFrameMs: m((c) => c.second.totalMs),
  };
}
