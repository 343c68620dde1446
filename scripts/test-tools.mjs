#!/usr/bin/env node
/**
 * Brings what the tests need from outside npm before `npm test` runs (npm runs this as "pretest"):
 * Debian's Chromium for the report and playground tests (playwright-core drives it; it never downloads
 * a browser), Debian's dataset-fashion-mnist for the Fashion-MNIST and augmentation tests, and Debian's
 * redis-server for the queue tests (each starts its own server on 127.0.0.1 at a free port). Installed with apt-get when missing and this user may (root, or sudo without a password);
 * otherwise one line says what to install, and the tests that need it fail with the same message.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Debian package -> the file the tests use from it. */
const NEEDED = [
  { pkg: "chromium", file: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium" },
  { pkg: "dataset-fashion-mnist", file: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz" },
  { pkg: "redis-server", file: process.env.REDIS_SERVER ?? "/usr/bin/redis-server" },
];

const missing = NEEDED.filter((n) => !existsSync(n.file));
if (missing.length === 0) process.exit(0);

const names = missing.map((m) => m.pkg);
const root = typeof process.getuid === "function" && process.getuid() === 0;
const hasSudo = !root && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
const hasApt = spawnSync("apt-get", ["--version"], { stdio: "ignore" }).status === 0;
if (!hasApt || (!root && !hasSudo)) {
  process.stderr.write(`npm test: the browser, Fashion-MNIST and queue tests need Debian's ${names.join(", ")} (${missing.map((m) => m.file).join(", ")}); install ${names.length > 1 ? "them" : "it"} with: sudo apt-get install -y ${names.join(" ")}\n`);
  process.exit(1);
}
process.stderr.write(`npm test: installing ${names.join(", ")} from Debian's packages (once; the tests need ${missing.map((m) => m.file).join(", ")})\n`);
const run = (args) => execFileSync(root ? args[0] : "sudo", root ? args.slice(1) : ["-n", ...args], { stdio: ["ignore", "ignore", "inherit"], env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } });
run(["apt-get", "update", "-qq"]);
run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", ...names]);
const still = missing.filter((m) => !existsSync(m.file));
if (still.length) {
  process.stderr.write(`npm test: apt-get installed ${names.join(", ")} but ${still.map((m) => m.file).join(", ")} is still missing\n`);
  process.exit(1);
}
