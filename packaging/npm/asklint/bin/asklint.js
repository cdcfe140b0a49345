#!/usr/bin/env node
// The `asklint` command of the npm package: runs the asklint executable of the platform package
// npm installed beside this one (an optional dependency, e.g. @asklint/cli-linux-x64), with the
// same arguments, standard input, output and error, and exits with its exit code. When it dies of
// a signal, exits 128 + the signal's number, as a shell would; SIGINT, SIGTERM and SIGHUP sent to
// this launcher are passed on to it. ASKLINT_BINARY=/path/to/asklint runs that executable instead.
"use strict";

const { spawn } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const pkg = require("../package.json");

/** An error of the launcher itself: asklint's exit code for "usage or I/O error". */
const LAUNCHER_FAILED = 2;

/** Whether this Linux runs on musl rather than glibc: Node's report names glibc when it has one. */
function isMusl() {
  if (!process.report || typeof process.report.getReport !== "function") {
    return fs.existsSync("/etc/alpine-release");
  }
  // The report's network section can take seconds where DNS is slow; it is not needed here.
  process.report.excludeNetwork = true;
  return !process.report.getReport().header.glibcVersionRuntime;
}

/**
 * The platform packages to look for, best first. On glibc a static musl build runs too, so it is
 * the fallback; on musl only a musl build runs.
 */
function candidates() {
  const base = `@asklint/cli-${process.platform}-${process.arch}`;
  if (process.platform !== "linux") {
    return [base];
  }
  return isMusl() ? [`${base}-musl`] : [base, `${base}-musl`];
}

function fail(lines) {
  process.stderr.write(lines.map((line) => `asklint: ${line}\n`).join(""));
  process.exit(LAUNCHER_FAILED);
}

function findBinary() {
  const override = process.env.ASKLINT_BINARY;
  if (override) {
    return override;
  }
  const executable = process.platform === "win32" ? "asklint.exe" : "asklint";
  const names = candidates();
  for (const name of names) {
    let manifest;
    try {
      manifest = require.resolve(`${name}/package.json`);
    } catch {
      continue;
    }
    const binary = path.join(path.dirname(manifest), executable);
    if (fs.existsSync(binary)) {
      return binary;
    }
  }
  const supported = Object.keys(pkg.optionalDependencies || {});
  const platform = `${process.platform} ${process.arch}`;
  if (!names.some((name) => supported.includes(name))) {
    fail([
      `no prebuilt asklint for ${platform}; asklint ${pkg.version} ships ${supported.join(", ")}.`,
      "Build it with Rust (`cargo install asklint --locked`) and set ASKLINT_BINARY to the executable.",
    ]);
  }
  const wanted = names[0];
  fail([
    `the platform package ${wanted} is not installed (looked for ${names.join(" and ")}).`,
    `npm installs it as an optional dependency of asklint ${pkg.version} for ${platform}. It goes missing`,
    "when optional dependencies were omitted (--omit=optional, --no-optional) or, most often, through",
    "npm's lockfile bug: a package-lock.json written on another platform leaves it out",
    "(https://github.com/npm/cli/issues/4828). To fix it, either:",
    `  npm install --save-optional ${wanted}@${pkg.version}`,
    "  or delete node_modules and package-lock.json, then run npm install again.",
    "Or set ASKLINT_BINARY to an asklint executable (a release archive, or `cargo install asklint --locked`).",
  ]);
}

function run() {
  const binary = findBinary();
  const child = spawn(binary, process.argv.slice(2), { stdio: "inherit" });

  // A signal for the launcher is meant for asklint. (Ctrl-C in a terminal reaches both: asklint
  // then gets it twice, which ends it the same way.) On Windows the console delivers Ctrl-C to
  // asklint itself; the launcher only has to outlive it.
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(signal, () => {
      if (process.platform !== "win32") {
        child.kill(signal);
      }
    });
  }

  child.on("error", (error) => {
    fail([`cannot run ${binary}: ${error.message}`]);
  });
  child.on("exit", (code, signal) => {
    if (signal) {
      process.exit(128 + (os.constants.signals[signal] || 0));
    }
    process.exit(code);
  });
}

run();
