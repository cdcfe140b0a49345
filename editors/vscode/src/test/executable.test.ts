// The executable lookup and the document globs, with a fake file system.
import * as assert from "node:assert/strict";
import { test } from "node:test";
import { documentGlob, documentGlobs, documentSelector, findAsklint, Lookup } from "../executable";

function lookup(files: string[], overrides: Partial<Lookup> = {}): Lookup {
  return {
    setting: "",
    folders: ["/ws/one", "/ws/two"],
    envPath: "/usr/local/bin:/usr/bin",
    platform: "linux",
    home: "/home/me",
    isFile: (file) => files.includes(file),
    ...overrides,
  };
}

test("the setting comes first, relative to the first folder, ~ expanded", () => {
  const files = ["/opt/asklint", "/ws/one/bin/asklint", "/home/me/bin/asklint", "/usr/bin/asklint"];
  assert.deepEqual(findAsklint(lookup(files, { setting: "/opt/asklint" })), {
    command: "/opt/asklint",
    source: "setting",
  });
  assert.deepEqual(findAsklint(lookup(files, { setting: "bin/asklint" })), {
    command: "/ws/one/bin/asklint",
    source: "setting",
  });
  assert.deepEqual(findAsklint(lookup(files, { setting: "~/bin/asklint" })), {
    command: "/home/me/bin/asklint",
    source: "setting",
  });
});

test("a setting that names nothing is an error, not a fallback to PATH", () => {
  const result = findAsklint(lookup(["/usr/bin/asklint"], { setting: "/nowhere/asklint" }));
  assert.ok("error" in result);
  assert.match(result.error, /\/nowhere\/asklint, which is not an executable file/);
});

test("the workspace's npm package before PATH, in folder order", () => {
  const files = ["/ws/two/node_modules/.bin/asklint", "/usr/bin/asklint"];
  assert.deepEqual(findAsklint(lookup(files)), {
    command: "/ws/two/node_modules/.bin/asklint",
    source: "npm",
  });
  files.push("/ws/one/node_modules/.bin/asklint");
  assert.deepEqual(findAsklint(lookup(files)), {
    command: "/ws/one/node_modules/.bin/asklint",
    source: "npm",
  });
});

test("PATH in order, empty entries skipped", () => {
  const files = ["/usr/bin/asklint", "/usr/local/bin/asklint"];
  assert.deepEqual(findAsklint(lookup(files, { envPath: ":/usr/local/bin::/usr/bin" })), {
    command: "/usr/local/bin/asklint",
    source: "PATH",
  });
});

test("nothing found: an error that says how to install", () => {
  const result = findAsklint(lookup([]));
  assert.ok("error" in result);
  assert.match(result.error, /npm install --save-dev asklint/);
  assert.match(result.error, /asklint\.path/);
});

test("Windows: .cmd shims of npm and PATHEXT on PATH", () => {
  const windows = { platform: "win32" as const, folders: ["C:\\ws"], envPath: "C:\\tools;C:\\bin" };
  assert.deepEqual(findAsklint(lookup(["C:\\ws\\node_modules\\.bin\\asklint.cmd"], windows)), {
    command: "C:\\ws\\node_modules\\.bin\\asklint.cmd",
    source: "npm",
  });
  assert.deepEqual(findAsklint(lookup(["C:\\bin\\asklint.exe"], windows)), {
    command: "C:\\bin\\asklint.exe",
    source: "PATH",
  });
});

test("extra globs match under any folder unless anchored", () => {
  assert.equal(documentGlob("payloads/enable-*.json"), "**/payloads/enable-*.json");
  assert.equal(documentGlob("./payloads/*.json"), "**/payloads/*.json");
  assert.equal(documentGlob("**/requests/*.json"), "**/requests/*.json");
  assert.equal(documentGlob("/abs/x.json"), "/abs/x.json");
  assert.equal(documentGlob("payloads\\*.json"), "**/payloads/*.json");
  assert.equal(documentGlob("  "), undefined);
  assert.deepEqual(documentGlobs(["payloads/*.json", "**/payloads/*.json", ""]), [
    "**/skill-package/**/*.json",
    "**/ask-resources.json",
    "**/payloads/*.json",
  ]);
});

test("the selector: files on disk, JSON and JSON with comments, at every glob", () => {
  const selector = documentSelector(["payloads/*.json"]);
  assert.equal(selector.length, 6);
  assert.deepEqual(selector[0], { scheme: "file", language: "json", pattern: "**/skill-package/**/*.json" });
  assert.deepEqual(selector[5], { scheme: "file", language: "jsonc", pattern: "**/payloads/*.json" });
});
