/** `npm run temporal:cli`: finds or builds the Temporal CLI and prints its path. */
import { ensureTemporalCli } from '../platform/temporal/cli-binary';

ensureTemporalCli()
  .then((file) => process.stdout.write(file + '\n'))
  .catch((error: Error) => {
    process.stderr.write(error.message + '\n');
    process.exit(1);
  });
