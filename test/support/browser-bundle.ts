/**
 * One script for a browser page, bundled as the playground ships its own (esbuild, minified, ES2022), from
 * an entry file or from source text: the Chromium tests and the browser benchmarks share it.
 */
export async function bundleForBrowser(input: { entry: string } | { source: string; resolveDir: string }): Promise<string> {
  const esbuild = await import("esbuild");
  const bundle = await esbuild.build({
    ...("entry" in input ? { entryPoints: [input.entry] } : { stdin: { contents: input.source, resolveDir: input.resolveDir, loader: "js" as const } }),
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2022",
    minify: true,
  });
  return bundle.outputFiles[0]!.text;
}
