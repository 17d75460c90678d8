#!/usr/bin/env node
// frame-processor: edge maps of JPEG frames from the command line. See USAGE in args.ts.
import './quiet-sdk';
import { performance } from 'node:perf_hooks';
import { backfill } from '../backfill/command';
import { ConfigError, UsageError } from '../core/errors';
import { parseCliArgs, USAGE, type CliOptions } from './args';
import { Interrupts } from './interrupts';
import { Progress } from './progress';
import { RunReport } from './report';
import { exitCodeOf, planWork, type WorkEnd } from './runs';
import { smoke } from './smoke/command';
import { statusCommand, STATUS_USAGE } from './status';
import type { RunEvents } from './transfer-run';
import { videoCommand } from './video/command';

const say = (line: string) => process.stderr.write(`frame-processor: ${line}\n`);

async function main(argv: string[]): Promise<number> {
  // A subcommand's name is still an input folder when written as ./status, ./backfill, ./video, ./smoke.
  if (argv[0] === 'status') return statusMain(argv.slice(1));
  if (argv[0] === 'backfill') return backfill(argv.slice(1));
  if (argv[0] === 'video') return videoCommand(argv.slice(1));
  if (argv[0] === 'smoke') return smoke(argv.slice(1));
  try {
    const options = parseCliArgs(argv);
    if (!options) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    return await run(options);
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof ConfigError)) throw error;
    for (const line of error.message.split('\n')) say(line);
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
}

async function statusMain(argv: string[]): Promise<number> {
  try {
    return await statusCommand(argv, process.env, (line) => process.stdout.write(`${line}\n`), say);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    say(error.message);
    process.stderr.write(`${STATUS_USAGE}\n`);
    return 2;
  }
}

async function run(options: CliOptions): Promise<number> {
  const started = performance.now();
  const work = await planWork(options);
  const progress = new Progress(work.total, process.stderr);
  const sayAboveBar = (line: string) => progress.log(`frame-processor: ${line}`);
  const report = new RunReport(work.total, sayAboveBar);
  const interrupts = new Interrupts(sayAboveBar, work.threaded);
  let end: WorkEnd;
  try {
    const events: RunEvents = {
      found: () => {
        report.found();
        progress.found();
      },
      listed: () => progress.listed(),
      done: (_job, outcome) => {
        report.settled(outcome);
        progress.tick();
      },
    };
    end = await work.run(events, interrupts.stops);
    report.untaken(end.untaken, interrupts.interrupted, end.reason);
  } finally {
    interrupts.dispose();
  }
  if (interrupts.interrupted) sayAboveBar(report.interruption());
  if (end.error !== undefined) sayAboveBar(end.error instanceof Error ? end.error.message : String(end.error));
  progress.done();
  process.stdout.write(`${report.summary((performance.now() - started) / 1000)}\n`);
  const code = report.exitCode(interrupts.interrupted);
  return end.error === undefined || code === 130 ? code : exitCodeOf(end.error);
}

// Node exits when nothing is left to wait for, even with main unfinished: that must never read as success.
let finished = false;
process.on('exit', () => {
  if (finished) return;
  say('stopped before every frame was accounted for');
  process.exitCode = 1;
});

main(process.argv.slice(2)).then(
  (code) => {
    finished = true;
    process.exitCode = code;
  },
  (error: unknown) => {
    finished = true;
    say(error instanceof Error ? error.message : String(error));
    process.exitCode = 1;
  },
);
