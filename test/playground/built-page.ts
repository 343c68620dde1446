/**
 * The playground page built for the tests, once per test process (as test/support/chromium.ts shares the
 * browser): esbuild's build of the page took about a second per file. The page's folder is only read
 * (served by startPlaygroundServer), so the files of a process can share it; it is removed when the
 * process exits.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildPlayground } from "../../src/node/build-playground.js";

const SHARED = Symbol.for("nnlab.test.builtPlayground");
type Holder = { [SHARED]?: Promise<string> };

/** The built page's folder (serve it with startPlaygroundServer({ root })): built fresh on first use in this process. */
export function builtPlayground(): Promise<string> {
  const holder = globalThis as Holder;
  if (!holder[SHARED]) {
    const parent = mkdtempSync(join(tmpdir(), "nnlab-playground-"));
    process.once("exit", () => rmSync(parent, { recursive: true, force: true }));
    const root = join(parent, "page");
    const built = buildPlayground({ outDir: root }).then(() => root);
    holder[SHARED] = built;
    built.catch(() => holder[SHARED] === built && delete holder[SHARED]);
  }
  return holder[SHARED]!;
}
