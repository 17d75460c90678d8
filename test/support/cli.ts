// The built command line (npm run build), run by tests in a child process as a user runs it.
import { join } from 'node:path';
import { assertFreshBuild } from './build-freshness';

export const CLI_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

// Any run that loads a CLI test first checks that dist/ is newer than its sources (a root hook).
before(() => assertFreshBuild('dist'));
