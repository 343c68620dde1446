#!/usr/bin/env node
// The nnlab executable: everything lives in main.ts, which tests import without running.
import { main } from "./main.js";

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  // main() reports every error itself; this is only for a failure in that reporting.
  (error: unknown) => {
    process.stderr.write(`nnlab: unexpected error: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exit(1);
  },
);
