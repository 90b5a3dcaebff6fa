// Trunk post_build hook: puts the lessons' static files into the staged build, cuts a
// release build's wasm into one chunk per lesson (scripts/split-wasm.mjs), then gives
// index.html its Content Security Policy (scripts/csp.mjs). One hook, so the steps run
// in this order.
//
// build.rs renders each lesson's Markdown into `text.json` and copies its `quiz.toml`
// into `<target>/wasm32-unknown-unknown/<profile>/distlab-assets/lessons/<lesson>/`;
// they are copied here to `lessons/<lesson>/` beside index.html, where the page fetches
// them when the lesson opens (README, "How the page loads").
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import { splitWasm } from "./split-wasm.mjs";

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? process.cwd();
const profile = process.env.TRUNK_PROFILE ?? "release";
if (!staging) {
  console.error("post-build.mjs: run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)");
  process.exit(1);
}
const target = process.env.CARGO_TARGET_DIR ?? join(source, "target");
const assets = join(target, "wasm32-unknown-unknown", profile, "distlab-assets", "lessons");
if (!existsSync(assets)) {
  console.error(`post-build.mjs: ${assets} is missing; build.rs writes it during the wasm build`);
  process.exit(1);
}
cpSync(assets, join(staging, "lessons"), { recursive: true });

if (profile === "release") {
  const linked = join(target, "wasm32-unknown-unknown", "release", "distlab.wasm");
  const modules = splitWasm({ staging, linked, source });
  console.log(`post-build.mjs: split the wasm into ${modules} modules`);
}

await import("./csp.mjs");
