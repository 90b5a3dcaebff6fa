// Release builds only: cuts the wasm module into a main module and one chunk per lesson
// (`src/lessons/chunk.rs`), so that a page fetches only the code of the lesson it shows.
// Called by scripts/post-build.mjs, after Trunk has staged its own, unsplit build.
//
// 1. wasm-split-cli reads the module as the linker wrote it (`--emit-relocs`, set by
//    build.rs) and writes the main module, the chunks and their loader `__wasm_split.js`.
// 2. wasm-bindgen makes the main module's JS glue, keeping the exports the chunks link to.
// 3. wasm-opt -Oz shrinks every module (Trunk's own wasm-opt is off: index.html).
// The main module and its glue replace Trunk's files under the same names, so the page's
// loader script is unchanged.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
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
    return modules.length;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
