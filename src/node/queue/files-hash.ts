/** The hash that names a sweep's data files: a worker checks its own copy against the sweep's with it. */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

/** sha256 over each file's sha256, in order. */
export function contentsHash(contents: readonly Buffer[]): string {
  const hash = createHash("sha256");
  for (const c of contents) hash.update(createHash("sha256").update(c).digest());
  return hash.digest("hex");
}

/** The files' contentsHash. */
export async function filesHash(files: readonly string[]): Promise<string> {
  return contentsHash(await Promise.all(files.map((f) => readFile(f))));
}
