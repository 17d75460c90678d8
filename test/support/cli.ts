// The built command line (npm run build), run by tests in a child process as a user runs it.
import { join } from 'node:path';

export const CLI_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');
