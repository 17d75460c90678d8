// Imported first by the command's entry point, so it runs before any AWS SDK client is made.
import { quietSdkNodeWarning } from '../core/node-support';

quietSdkNodeWarning();
