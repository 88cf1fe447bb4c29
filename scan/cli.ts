// The entry that npm run build:cli bundles into dist-cli/deepfake-scan.mjs (and the package's
// cli/deepfake-scan.mjs): the command, nothing else.
import { runAsProcess } from './scan';

runAsProcess();
