// The lock that serialises frames on the process's one WebAssembly instance.

let kernelTurn: Promise<unknown> = Promise.resolve();

/**
 * Runs `task` when no other frame of this process is using the shared WebAssembly kernel: a
 * frame owns the kernel's arena from its download to the end of its upload. Lambda never runs
 * two invocations in one container at once; this keeps concurrent callers (tests, tools) safe.
 */
export function withKernel<T>(task: () => Promise<T>): Promise<T> {
  const run = kernelTurn.then(task, task);
  kernelTurn = run.catch(() => undefined);
  return run;
}
