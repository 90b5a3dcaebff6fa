// Release builds only: cuts the wasm module into a main module and one chunk per lesson
// (`src/lessons/chunk.rs`), so that a page fetches only the code of the lesson it shows.
// Called by scripts/post-build.mjs, after Trunk has staged its own, unsplit build.
//
// 1. wasm-split-cli reads the module as the linker wrote it (`--emit-relocs`, set by
//    build.rs) and writes the main module, the chunks and their loader `__wasm_split.js`.
// 2. wasm-bindgen makes the main module's JS glue, keeping the exports the chunks link to.
// 3. wasm-opt -Oz shrinks every module (Trunk's own wasm-opt is off: index.html).
// 4. Every chunk and the loader get a content hash in their names, so that a browser
//    never pairs a cached chunk of an older build with a newer main module.
// The main module and its glue replace Trunk's files under the same names, so the page's
// loader script is unchanged.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** The feature flags wasm-opt needs: the release profile strips the module's own list. */
const WASM_FEATURES = [
  "--enable-bulk-memory", "--enable-bulk-memory-opt", "--enable-nontrapping-float-to-int",
  "--enable-sign-ext", "--enable-mutable-globals", "--enable-reference-types", "--enable-multivalue",
];

/** Runs a tool, failing the build with its name if it fails. */
function run(tool, args) {
  try {
    execFileSync(tool, args, { stdio: ["ignore", "ignore", "inherit"] });
  } catch (error) {
    throw new Error(`split-wasm.mjs: ${tool} failed (${error.message}); scripts/setup.sh installs it`);
  }
}

/** wasm-opt from PATH, else the one scripts/setup.sh puts under tests/e2e. */
function wasmOpt(source) {
  const local = join(source, "tests/e2e/node_modules/.bin/wasm-opt");
  return existsSync(local) ? local : "wasm-opt";
}

/** The first 16 hex digits of the SHA-256 of `path`'s bytes. */
function contentHash(path) {
  return createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
}

/** Renames `old` in `staging` to `<stem>-<hash><ext>` and rewrites `<before>"./old"` in
 * `referrer` (only where it is fetched: the wasm still names the loader's old path as its
 * import module, which the glue's import object must keep). */
function hashName(staging, old, referrer, before) {
  const dot = old.lastIndexOf(".");
  const renamed = `${old.slice(0, dot)}-${contentHash(join(staging, old))}${old.slice(dot)}`;
  renameSync(join(staging, old), join(staging, renamed));
  const text = readFileSync(join(staging, referrer), "utf8");
  const reference = `${before}"./${old}"`;
  if (!text.includes(reference)) throw new Error(`split-wasm.mjs: ${referrer} has no ${reference}`);
  writeFileSync(join(staging, referrer), text.replaceAll(reference, `${before}"./${renamed}"`));
}

/** Content-hashes the chunk names (in the loader), then the loader's (in the glue). */
function hashNames(staging, glue) {
  const loader = "__wasm_split.js";
  for (const name of readdirSync(staging)) {
    if (/^(chunk_\d+|split_[a-z_]+)\.wasm$/.test(name)) hashName(staging, name, loader, "new URL(");
  }
  hashName(staging, loader, glue, "from ");
}

/** Splits the staged release build in `staging`; `linked` is the linker's module. */
export function splitWasm({ staging, linked, source }) {
  const glue = readdirSync(staging).find((name) => /^distlab-[0-9a-f]+\.js$/.test(name));
  if (!glue) throw new Error(`split-wasm.mjs: no distlab-<hash>.js in ${staging}`);
  if (!existsSync(linked)) throw new Error(`split-wasm.mjs: ${linked} is missing`);
  const stem = glue.slice(0, -".js".length);
  const work = mkdtempSync(join(tmpdir(), "distlab-split-"));
  try {
    const split = join(work, "split");
    run("wasm-split-cli", ["--target", "web", "--out-name", stem, linked, split]);
    const bound = join(work, "bound");
    run("wasm-bindgen", [
      "--target", "web", "--no-typescript", "--keep-lld-exports",
      "--out-dir", bound, "--out-name", stem, join(split, `${stem}.wasm`),
    ]);
    const modules = [];
    for (const name of readdirSync(split)) {
      if (name === `${stem}.wasm`) continue;
      copyFileSync(join(split, name), join(staging, name));
      if (name.endsWith(".wasm")) modules.push(join(staging, name));
    }
    for (const name of readdirSync(bound)) {
      if (statSync(join(bound, name)).isFile()) copyFileSync(join(bound, name), join(staging, name));
    }
    modules.push(join(staging, `${stem}_bg.wasm`));
    const opt = wasmOpt(source);
    for (const module of modules) run(opt, ["-Oz", ...WASM_FEATURES, module, "-o", module]);
    hashNames(staging, glue);
    return modules.length;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
