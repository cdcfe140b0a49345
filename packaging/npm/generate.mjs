#!/usr/bin/env node
// Writes and packs asklint's npm packages from packaging/platforms.json:
//   node packaging/npm/generate.mjs --version 0.1.0 --out dist/npm [TARGET=EXECUTABLE]...
// - the main package `asklint` (packaging/npm/asklint/ with the version set and one optional
//   dependency per platform, each pinned to exactly that version), always;
// - one platform package `@asklint/cli-<npm>` per TARGET=EXECUTABLE given (a Rust target of the
//   table and its built asklint executable), holding only that executable, with `os`, `cpu` and,
//   on Linux, `libc`, so npm installs just the one that runs here.
// Each is packed with `npm pack` into --out (asklint-0.1.0.tgz, asklint-cli-linux-x64-0.1.0.tgz,
// ...), ready for `npm publish <tarball>`.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const { platforms } = JSON.parse(fs.readFileSync(path.join(here, "..", "platforms.json"), "utf8"));

function usage(message) {
  process.stderr.write(
    `generate.mjs: ${message}\n` +
      "usage: node packaging/npm/generate.mjs --version VERSION --out DIR [TARGET=EXECUTABLE]...\n",
  );
  process.exit(2);
}

function parseArgs(argv) {
  const args = { version: null, out: null, binaries: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === "--version" || arg === "--out") {
      if (i + 1 >= argv.length) usage(`${arg} needs a value`);
      args[arg.slice(2)] = argv[++i];
    } else if (arg.includes("=")) {
      const [target, executable] = arg.split(/=(.*)/s);
      const platform = platforms.find((p) => p.target === target);
      if (!platform) usage(`${target} is not a target of packaging/platforms.json`);
      if (!fs.statSync(executable, { throwIfNoEntry: false })?.isFile()) {
        usage(`${executable} (for ${target}) is not a file`);
      }
      args.binaries.push({ platform, executable });
    } else {
      usage(`unexpected argument ${arg}`);
    }
  }
  if (!args.version || !/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(args.version)) {
    usage("--version must be a semantic version (the one in Cargo.toml)");
  }
  if (!args.out) usage("--out is required");
  return args;
}

const packageName = (platform) => `@asklint/cli-${platform.npm}`;

function writeJson(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

function pack(folder, out) {
  execFileSync("npm", ["pack", "--silent", "--pack-destination", out], {
    cwd: folder,
    stdio: ["ignore", "ignore", "inherit"],
  });
}

function mainPackage(template, version, staged) {
  const manifest = JSON.parse(fs.readFileSync(path.join(template, "package.json"), "utf8"));
  manifest.version = version;
  manifest.optionalDependencies = Object.fromEntries(
    platforms.map((platform) => [packageName(platform), version]),
  );
  fs.mkdirSync(path.join(staged, "bin"), { recursive: true });
  fs.copyFileSync(path.join(template, "README.md"), path.join(staged, "README.md"));
  fs.copyFileSync(path.join(template, "bin", "asklint.js"), path.join(staged, "bin", "asklint.js"));
  fs.chmodSync(path.join(staged, "bin", "asklint.js"), 0o755);
  writeJson(path.join(staged, "package.json"), manifest);
  return manifest;
}

function platformPackage(main, { platform, executable }, staged) {
  const name = packageName(platform);
  const file = platform.os === "win32" ? "asklint.exe" : "asklint";
  const libc = platform.libc ? ` (${platform.libc})` : "";
  fs.mkdirSync(staged, { recursive: true });
  fs.copyFileSync(executable, path.join(staged, file));
  fs.chmodSync(path.join(staged, file), 0o755);
  fs.writeFileSync(
    path.join(staged, "README.md"),
    `# ${name}\n\nThe asklint executable for ${platform.os} ${platform.cpu}${libc} (Rust target ` +
      `\`${platform.target}\`). Install \`asklint\`, not this package: npm picks the platform ` +
      "package that runs on your machine.\n",
  );
  writeJson(path.join(staged, "package.json"), {
    name,
    version: main.version,
    description: `The asklint executable for ${platform.os} ${platform.cpu}${libc}`,
    license: main.license,
    homepage: main.homepage,
    repository: main.repository,
    files: [file, "README.md"],
    os: [platform.os],
    cpu: [platform.cpu],
    ...(platform.libc ? { libc: [platform.libc] } : {}),
    preferUnplugged: true,
  });
}

const args = parseArgs(process.argv.slice(2));
const out = path.resolve(args.out);
fs.mkdirSync(out, { recursive: true });
const stage = fs.mkdtempSync(path.join(os.tmpdir(), "asklint-npm-"));
process.on("exit", () => fs.rmSync(stage, { recursive: true, force: true }));

const main = mainPackage(path.join(here, "asklint"), args.version, path.join(stage, "asklint"));
pack(path.join(stage, "asklint"), out);
for (const binary of args.binaries) {
  const staged = path.join(stage, `cli-${binary.platform.npm}`);
  platformPackage(main, binary, staged);
  pack(staged, out);
}
