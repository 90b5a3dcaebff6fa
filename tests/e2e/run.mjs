// Runs every end-to-end spec against the release build in dist/, served on
// loopback under a sub-path (/course/lab/) to prove the relative asset URLs.
// Each test gets a fresh browser context; console errors, page errors and any
// request to another origin fail the test unless the test expects them, and so does
// any Content Security Policy violation.
// Closes with the line "N passed, N failed".
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { DIST, HERE, launchChromium, registeredTests, startStaticServer } from "./lib.mjs";

const SUB_PATH = "/course/lab/";
const only = process.argv[2];

const specDir = join(HERE, "specs");
for (const file of readdirSync(specDir).filter((f) => f.endsWith(".mjs")).sort()) {
  await import(join(specDir, file));
}

const app = await startStaticServer(DIST, SUB_PATH);
const browser = await launchChromium();
console.log(`serving dist/ at ${app.url}`);

let passed = 0;
let failed = 0;
for (const { name, fn, options } of registeredTests()) {
  if (only && !name.includes(only)) continue;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...(options.context ?? {}) });
  const problems = [];
  const allowed = options.allowConsole ?? [];
  const watch = (page) => {
    page.on("console", (message) => {
      if (message.type() === "error" && !allowed.some((re) => re.test(message.text()))) {
        problems.push(`console error: ${message.text()}`);
      }
    });
    page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
    page.on("request", (request) => {
      const url = new URL(request.url());
      const ours = (options.origins ?? [app.origin]).concat(app.origin).includes(url.origin);
      if (!ours && !["data:", "blob:", "about:"].includes(url.protocol)) {
        problems.push(`request to another origin: ${request.url()}`);
      }
    });
  };
  context.on("page", watch);
  // Every Content Security Policy violation, in any page or frame, becomes a console error.
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      console.error(`CSP violation: ${event.effectiveDirective} blocked ${event.blockedURI || "an inline resource"} (${event.sourceFile}:${event.lineNumber})`);
    });
  });
  const started = Date.now();
  try {
    const open = async (query = "", openOptions = {}) => {
      const page = openOptions.page ?? (await context.newPage());
      await page.goto(app.url + query);
      await page.waitForSelector(openOptions.waitFor ?? "main#main > *", { timeout: 20000 });
      return page;
    };
    await fn({ app, browser, context, open, subPath: SUB_PATH });
    if (problems.length) throw new Error(problems.join("\n"));
    passed += 1;
    console.log(`  ✓ ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed += 1;
    console.log(`  ✗ ${name}\n    ${String(error?.stack ?? error).split("\n").join("\n    ")}`);
  } finally {
    await context.close();
  }
}

await browser.close();
app.close();
console.log(`\ne2e: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
