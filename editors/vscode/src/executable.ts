// Which asklint executable the extension runs, and which files it hands the server. No `vscode`
// import here: this is plain logic, tested with Node's test runner (src/test/).
import * as fs from "node:fs";
import * as path from "node:path";

/** Where the executable was found: shown in the output channel and in error messages. */
export type Source = "setting" | "npm" | "PATH";

export interface Found {
  command: string;
  source: Source;
}

export interface Lookup {
  /** The `asklint.path` setting ("" when unset). */
  setting: string;
  /** The workspace folders' paths, in order. */
  folders: string[];
  /** The PATH environment variable. */
  envPath: string | undefined;
  platform: NodeJS.Platform;
  /** PATHEXT on Windows (`.COM;.EXE;.BAT;.CMD` when unset). */
  pathExt?: string;
  /** The user's home folder, for a setting that starts with `~/`. */
  home?: string;
  isFile?: (file: string) => boolean;
}

export type Resolution = Found | { error: string };

/** The arguments that make asklint a language server on standard input and output. */
export const SERVER_ARGS = ["server"];

function isExecutableFile(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (process.platform !== "win32") {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/**
 * The executable to run as `asklint server`, first found of: the `asklint.path` setting, the npm
 * package of a workspace folder (`node_modules/.bin/asklint`, `asklint.cmd` on Windows), `asklint`
 * on PATH. A setting that names no executable file is an error, not a reason to run another one.
 */
export function findAsklint(lookup: Lookup): Resolution {
  const isFile = lookup.isFile ?? isExecutableFile;
  const p = lookup.platform === "win32" ? path.win32 : path.posix;
  const setting = lookup.setting.trim();
  if (setting !== "") {
    let command = setting;
    if (lookup.home !== undefined && (command === "~" || command.startsWith("~/"))) {
      command = p.join(lookup.home, command.slice(1));
    }
    if (!p.isAbsolute(command) && lookup.folders.length > 0) {
      command = p.resolve(lookup.folders[0], command);
    }
    if (isFile(command)) {
      return { command, source: "setting" };
    }
    return { error: `the asklint.path setting names ${command}, which is not an executable file` };
  }
  const names =
    lookup.platform === "win32"
      ? (lookup.pathExt ?? ".COM;.EXE;.BAT;.CMD")
          .split(";")
          .filter((ext) => ext !== "")
          .map((ext) => `asklint${ext.toLowerCase()}`)
      : ["asklint"];
  for (const folder of lookup.folders) {
    for (const name of names) {
      const command = p.join(folder, "node_modules", ".bin", name);
      if (isFile(command)) {
        return { command, source: "npm" };
      }
    }
  }
  const separator = lookup.platform === "win32" ? ";" : ":";
  for (const dir of (lookup.envPath ?? "").split(separator)) {
    if (dir === "") {
      continue;
    }
    for (const name of names) {
      const command = p.join(dir, name);
      if (isFile(command)) {
        return { command, source: "PATH" };
      }
    }
  }
  return {
    error:
      "asklint was not found: not in the workspace's node_modules/.bin and not on PATH. " +
      "Install it (`npm install --save-dev asklint`, `pip install asklint` or " +
      "`cargo install asklint --locked`) or set asklint.path to the executable.",
  };
}

/** The files asklint's server is given, whatever the extra globs: the skill package and ask-resources.json. */
export const BASE_GLOBS = ["**/skill-package/**/*.json", "**/ask-resources.json"];

/**
 * A glob of the `asklint.extraGlobs` setting as a document filter pattern. VS Code matches a
 * document filter's pattern against the whole path, so a relative glob (`payloads/*.json`, as in
 * asklint.toml) is made to match under any folder (`**\/payloads/*.json`). Backslashes become
 * slashes; an empty glob is dropped.
 */
export function documentGlob(glob: string): string | undefined {
  let g = glob.trim().replace(/\\/g, "/");
  if (g === "") {
    return undefined;
  }
  if (g.startsWith("./")) {
    g = g.slice(2);
  }
  if (g.startsWith("/") || g.startsWith("**/") || /^[A-Za-z]:\//.test(g)) {
    return g;
  }
  return `**/${g}`;
}

/** The globs of the documents the server checks: the base ones and the extra ones, each once. */
export function documentGlobs(extra: readonly string[]): string[] {
  const globs = [...BASE_GLOBS];
  for (const glob of extra) {
    const g = documentGlob(glob);
    if (g !== undefined && !globs.includes(g)) {
      globs.push(g);
    }
  }
  return globs;
}

/**
 * The documents the language client hands the server: files on disk (the server reads the
 * asklint.toml beside them) of VS Code's JSON languages, at the globs above.
 */
export function documentSelector(
  extra: readonly string[],
): { scheme: string; language: string; pattern: string }[] {
  return documentGlobs(extra).flatMap((pattern) =>
    ["json", "jsonc"].map((language) => ({ scheme: "file", language, pattern })),
  );
}
