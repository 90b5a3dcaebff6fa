// Content Security Policy: the built page carries a strict policy whose script hashes
// match its inline scripts, the browser enforces it, and DistLab runs under it. Every
// other test fails on any violation too (run.mjs turns each one into a console error);
// the a11y audit and the embedding tests walk every page and a cross-origin frame.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, openSim, test } from "../lib.mjs";

const html = readFileSync(join(DIST, "index.html"), "utf8");

/** The policy's directives as a map from name to its list of sources. */
function directives(policy) {
  return new Map(
    policy
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter((words) => words[0])
      .map(([name, ...sources]) => [name, sources]),
  );
}

test("csp: index.html carries a strict policy with the hash of each inline script", async () => {
  const match = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)"/);
  assert.ok(match, "index.html has a CSP meta tag");
  const policy = directives(match[1]);
  assert.deepEqual(policy.get("default-src"), ["'self'"]);
  assert.deepEqual(policy.get("connect-src"), ["'self'"]);
  assert.deepEqual(policy.get("object-src"), ["'none'"]);
  assert.deepEqual(policy.get("base-uri"), ["'self'"]);
  assert.deepEqual(policy.get("style-src"), ["'self'"], "no inline styles allowed");
  const scripts = policy.get("script-src");
  assert.ok(scripts.includes("'self'") && scripts.includes("'wasm-unsafe-eval'"), scripts.join(" "));
  for (const banned of ["'unsafe-eval'", "'unsafe-inline'", "*", "data:"]) {
    assert.ok(!match[1].includes(banned), `policy allows ${banned}`);
  }
  const inline = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)]
    .filter((m) => !/\bsrc\s*=/i.test(m[1]) && m[2].trim() !== "")
    .map((m) => `'sha256-${createHash("sha256").update(m[2], "utf8").digest("base64")}'`);
  assert.ok(inline.length >= 2, "the wasm loader and the theme snippet are inline");
  assert.deepEqual(scripts.filter((s) => s.startsWith("'sha256-")).sort(), inline.sort());
  assert.ok(html.indexOf("Content-Security-Policy") < html.indexOf("<script"), "the policy precedes every script");
  const header = readFileSync(join(DIST, "content-security-policy.txt"), "utf8").trim();
  assert.equal(header, match[1], "the header file for hosts says the same as the meta tag");
});

test(
  "csp: the browser enforces the policy, and DistLab runs under it",
  async ({ open }) => {
    // DistLab started: the simulation plays under the policy.
    const page = await openSim(open, "messages", "retry", "&theme=dark");
    await page.getByTestId("sim-play").click();
    await page.waitForFunction(() => Number(document.querySelector("[data-testid=sim-time]")?.dataset.nowUs) > 0);
    // A script or style the page did not ship is refused, and the refusal is seen.
    const seen = await page.evaluate(async () => {
      const violations = [];
      document.addEventListener("securitypolicyviolation", (e) => violations.push(e.effectiveDirective));
      const element = document.createElement("span");
      element.setAttribute("style", "color: red");
      document.body.append(element);
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
      await new Promise((resolve) => setTimeout(resolve, 200));
      while (violations.length < 2) await new Promise((resolve) => setTimeout(resolve, 50));
      return { violations: violations.sort(), injected: window.__injected === true, color: getComputedStyle(element).color };
    });
    assert.deepEqual(seen.violations, ["script-src-elem", "style-src-attr"]);
    assert.equal(seen.injected, false, "an injected inline script did not run");
    assert.notEqual(seen.color, "rgb(255, 0, 0)", "an injected inline style was not applied");
  },
  { allowConsole: [/CSP violation/, /(Applying inline style|Executing inline script) violates the following Content Security Policy/] },
);
