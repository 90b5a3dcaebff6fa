// Byte budget, measured the way a browser pays it: each entry page is opened in
// Chromium from dist/ (served under a sub-path) and the gzip sizes of everything it
// fetched before it was ready (wasm, JS, CSS, text, quiz files) are added up. Prints one
// row per entry page with the 200 KB goal and the 300 KB limit of DESIGN.md.
//
// The whole course still ships as one wasm today, so every page is over the limit (see
// BENCHMARKS.md, "Release size"): the run fails above CEILING_BYTES, a ratchet just
// above the current size, so that nothing grows while the size is brought down. When
// lessons load on demand, CEILING_BYTES becomes LIMIT_BYTES.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { launchChromium, startStaticServer } from "./lib.mjs";

const GOAL_BYTES = 200 * 1024;
const LIMIT_BYTES = 300 * 1024;
const CEILING_BYTES = 600 * 1024;
const dist = process.argv[2] ?? "dist";

/** The entry pages: home, each lesson opened directly, and each embed view. */
const PAGES = [
  ["home", "", "main#main .home"],
  ["lesson intro", "?lesson=intro", "article.lesson"],
  ["lesson messages", "?lesson=messages", "article.lesson"],
  ["lesson clocks", "?lesson=clocks", "article.lesson"],
  ["embed view=sim", "?lesson=clocks&view=sim&scenario=lww&chrome=0", "[data-testid=sim-widget]"],
  ["embed view=quiz", "?lesson=clocks&view=quiz&chrome=0", "[data-testid=quiz-panel]"],
  ["embed chrome=0", "?lesson=messages&chrome=0", "article.lesson"],
];

const kb = (n) => (n / 1024).toFixed(1);
const gzipCache = new Map();
function gzipOf(path) {
  if (!gzipCache.has(path)) gzipCache.set(path, gzipSync(readFileSync(path), { level: 9 }).length);
  return gzipCache.get(path);
}

const SUB_PATH = "/course/lab/";
const app = await startStaticServer(dist, SUB_PATH);
const browser = await launchChromium();
const rows = [];
for (const [name, query, ready] of PAGES) {
  const page = await browser.newPage();
  const fetched = new Set();
  page.on("requestfinished", (request) => {
    const url = new URL(request.url());
    if (url.origin === app.origin && url.pathname.startsWith(SUB_PATH)) {
      const file = decodeURIComponent(url.pathname.slice(SUB_PATH.length)) || "index.html";
      fetched.add(file);
    }
  });
  await page.goto(app.url + query);
  await page.waitForSelector(ready, { timeout: 30000 });
  await page.waitForLoadState("networkidle");
  let total = 0;
  for (const file of fetched) total += gzipOf(join(dist, file));
  rows.push({ name, total, files: [...fetched].sort() });
  await page.close();
}
await browser.close();

const wasmOf = (row) => row.files.filter((f) => f.endsWith(".wasm")).reduce((n, f) => n + gzipOf(join(dist, f)), 0);
console.log(`${"entry page".padEnd(18)} ${"first load".padStart(12)} ${"of it wasm".padStart(12)}  files`);
for (const row of rows) {
  const cells = [row.name.padEnd(18), (kb(row.total) + " KB").padStart(12), (kb(wasmOf(row)) + " KB").padStart(12)];
  console.log(`${cells.join(" ")}  ${row.files.length}`);
}
const worst = Math.max(...rows.map((r) => r.total));
console.log(`goal ${kb(GOAL_BYTES)} KB, limit ${kb(LIMIT_BYTES)} KB, ceiling for now ${kb(CEILING_BYTES)} KB (gzip -9 of each file fetched)`);
if (rows.some((r) => r.files.length === 0)) {
  console.log("byte budget: FAILED, a page fetched nothing from dist/");
  process.exit(1);
}
if (worst > CEILING_BYTES) {
  console.log(`byte budget: FAILED, the largest first load is ${kb(worst - CEILING_BYTES)} KB over the ${kb(CEILING_BYTES)} KB ceiling`);
  process.exit(1);
}
if (worst > LIMIT_BYTES) {
  console.log(`byte budget: OVER the design limit by ${kb(worst - LIMIT_BYTES)} KB on the largest first load (under the ceiling)`);
} else if (worst > GOAL_BYTES) {
  console.log("byte budget: within the limit, above the goal");
} else {
  console.log("byte budget: within the goal");
}
process.exit(0);
