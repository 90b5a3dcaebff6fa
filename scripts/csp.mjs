// Trunk post_build hook: gives the built index.html its Content Security Policy.
//
// The page's only inline scripts are Trunk's wasm loader and the theme snippet in
// index.html (plus Trunk's live-reload script under `trunk serve`). Their sha256 hashes
// are computed here, from the staged HTML, so the policy always matches what ships;
// nothing is pasted by hand. The policy goes into a <meta http-equiv> at the top of
// <head>, and the same text into `content-security-policy.txt` next to it, for hosts
// that send it as a header (README, "Hosting").
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) {
  console.error("csp.mjs: run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)");
  process.exit(1);
}
const htmlPath = join(staging, "index.html");
const html = readFileSync(htmlPath, "utf8");

/** The text of every inline <script> (one without a src attribute). */
function inlineScripts(source) {
  const found = [];
  for (const match of source.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (!/\bsrc\s*=/i.test(match[1]) && match[2].trim() !== "") found.push(match[2]);
  }
  return found;
}

const hashes = inlineScripts(html).map((text) => `'sha256-${createHash("sha256").update(text, "utf8").digest("base64")}'`);
const policy = [
  "default-src 'self'",
  `script-src 'self' 'wasm-unsafe-eval' ${hashes.join(" ")}`,
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

if (html.includes('http-equiv="Content-Security-Policy"')) {
  console.error("csp.mjs: index.html already has a CSP meta tag");
  process.exit(1);
}
const charset = /<meta charset="utf-8"\s*\/?>/i;
if (!charset.test(html)) {
  console.error("csp.mjs: index.html has no <meta charset=\"utf-8\"> to put the policy after");
  process.exit(1);
}
const meta = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
writeFileSync(htmlPath, html.replace(charset, (tag) => `${tag}\n    ${meta}`));
writeFileSync(join(staging, "content-security-policy.txt"), `${policy}\n`);
console.log(`csp.mjs: ${hashes.length} inline script(s) hashed into the policy`);
