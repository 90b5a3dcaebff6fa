// Shared pieces of the end-to-end tests: a loopback static server, Debian's
// Chromium through playwright-core, a tiny test registry, and screenshots.
import { createServer } from "node:http";
import { mkdirSync, readFileSync, statSync } from "node:fs";
import { extname, join, normalize, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

export const HERE = fileURLToPath(new URL(".", import.meta.url));
export const SCREENSHOT_DIR = join(HERE, "screenshots");
/** The release build under test: dist/, or another folder named by DISTLAB_DIST. */
export const DIST = process.env.DISTLAB_DIST ?? join(HERE, "..", "..", "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".toml": "text/plain; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
};

/**
 * Test-only files under `<prefix>__big/`: `<bytes>-length.toml` or `<bytes>-stream.toml`
 * streams that many bytes of TOML comments in 64 KB chunks, with or without a
 * Content-Length, stopping when the client goes away. `big` records, per file name, the
 * bytes written and whether the connection has closed.
 */
function serveBig(name, req, res, big) {
  const match = /^(\d+)-(length|stream)\.toml$/.exec(name);
  if (!match) return res.writeHead(404).end();
  const total = Number(match[1]);
  const record = (big[name] = { sent: 0, closed: false });
  const headers = { "content-type": "text/plain; charset=utf-8", "cache-control": "no-store" };
  if (match[2] === "length") headers["content-length"] = String(total);
  res.writeHead(200, headers);
  const chunk = Buffer.from("# padding\n".repeat(6554).slice(0, 65536));
  res.on("close", () => (record.closed = true));
  const pump = () => {
    if (record.closed || record.sent >= total) return res.end();
    const piece = chunk.subarray(0, Math.min(chunk.length, total - record.sent));
    record.sent += piece.length;
    // Paced at about 6 MB/s, so that a client that stops reading is noticed long
    // before the end (20 MB would take over 3 s).
    if (res.write(piece)) setTimeout(pump, 10);
    else res.once("drain", () => setTimeout(pump, 10));
  };
  pump();
}

/** Serves `root` under the URL path `prefix` (e.g. "/course/lab/") on 127.0.0.1. */
export function startStaticServer(root, prefix = "/") {
  const base = resolve(root);
  const big = {};
  const server = createServer((req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (url.pathname.startsWith(prefix + "__big/")) {
      serveBig(url.pathname.slice(prefix.length + "__big/".length), req, res, big);
      return;
    }
    if (!url.pathname.startsWith(prefix)) {
      res.writeHead(404, { "content-type": "text/plain" }).end("not under " + prefix);
      return;
    }
    let path = normalize(join(base, decodeURIComponent(url.pathname.slice(prefix.length))));
    if (!path.startsWith(base)) {
      res.writeHead(403).end();
      return;
    }
    try {
      if (statSync(path).isDirectory()) path = join(path, "index.html");
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream", "cache-control": "no-store" });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
    }
  });
  return new Promise((done) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      done({ origin: `http://127.0.0.1:${port}`, url: `http://127.0.0.1:${port}${prefix}`, big, close: () => server.close() });
    });
  });
}

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

const registered = [];

/** Registers an end-to-end test. `fn` receives the test context from run.mjs. */
export function test(name, fn, options = {}) {
  registered.push({ name, fn, options });
}

export function registeredTests() {
  return registered;
}

/** Saves a full-page screenshot and prints where it went. */
export async function screenshot(page, name, options = {}) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  console.log(`    screenshot: ${path}`);
  return path;
}

// ----- The simulation widget (src/ui/sim), read through its own hooks -----
// Test ids, roles and the widget's own formats only: nothing here knows a lesson's wording.

/** Opens `scenario` of `lesson` and waits until its widget has sized and painted its drawing. */
export async function openSim(open, lesson, scenario, extra = "", options = {}) {
  const page = await open(`?lesson=${lesson}&scenario=${scenario}${extra}`, {
    waitFor: "[data-testid=sim-widget]",
    ...options,
  });
  // Interval polling: a test may be counting the page's animation frames.
  await page.waitForFunction(
    () => {
      const canvas = document.querySelector(".sim-canvas");
      if (!canvas || canvas.width === 0 || canvas.height === 0) return false;
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) return true;
      return false;
    },
    null,
    { polling: 100, timeout: 20000 },
  );
  return page;
}

/** Simulated time now, in microseconds, as the widget shows it. */
export async function nowUs(page) {
  return Number(await page.getByTestId("sim-time").getAttribute("data-now-us"));
}

/** Waits until the widget's clock shows at least `us` microseconds; returns the time shown. */
export async function waitForSimTimeAtLeast(page, us, options = {}) {
  await page.waitForFunction(
    (t) => Number(document.querySelector("[data-testid=sim-time]")?.dataset.nowUs) >= t,
    us,
    { polling: 50, timeout: 20000, ...options },
  );
  return nowUs(page);
}

/** A simulated time as the widget writes it (src/ui/sim/format.rs `format_ms`): `12.4 ms`. */
export function formatMs(us) {
  const tenths = Math.floor((us + 50) / 100);
  return `${Math.floor(tenths / 10)}.${tenths % 10} ms`;
}

/** The time of an event log line (`12.4 ms — …`), in tenths of a millisecond. */
export function lineTenths(line) {
  const match = /^(\d+)\.(\d) ms — /.exec(line);
  if (!match) throw new Error(`not a log line: ${line}`);
  return Number(match[1]) * 10 + Number(match[2]);
}

/** A counter of the counters panel, as shown (e.g. "2 (1 lost)"). */
export async function counter(page, key) {
  return (await page.locator(`[data-counter="${key}"]`).innerText()).trim();
}

/** The leading number of a counter. */
export async function count(page, key) {
  return parseInt(await counter(page, key), 10);
}

/** Every counter of the panel, by key, as shown. */
export async function allCounters(page) {
  return page.locator("[data-counter]").evaluateAll((items) =>
    Object.fromEntries(items.map((item) => [item.dataset.counter, item.textContent.trim()])),
  );
}

/** All event log lines. */
export async function logLines(page) {
  return page.getByTestId("sim-log").locator("li").allInnerTexts();
}

/** Sets a range input as a user releasing the thumb would (input, then change). */
export async function setRange(locator, value) {
  await locator.evaluate((element, v) => {
    element.value = String(v);
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

/**
 * Moves the timeline to `timeUs` and waits until the widget shows it. The browser rounds
 * a range input to its step (and its max down to a whole step), so this returns the
 * instant actually reached.
 */
export async function seek(page, timeUs) {
  const reached = await page.getByTestId("sim-timeline").evaluate((element, v) => {
    element.value = String(v);
    const snapped = Number(element.value);
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
    return snapped;
  }, timeUs);
  await page.waitForFunction(
    (t) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) === t,
    reached,
    { polling: 50 },
  );
  return reached;
}

/** Moves the timeline to its end; returns the instant reached. */
export async function seekToEnd(page) {
  const end = Number(await page.getByTestId("sim-timeline").getAttribute("max"));
  return seek(page, end);
}

/**
 * Waits until the browser has painted `frames` more frames: the positive signal that
 * anything driven by animation frames had its chance to act. Counts with the page's own
 * requestAnimationFrame, or with `window.__rawRequestAnimationFrame` when a test has
 * wrapped requestAnimationFrame to count the frames others request.
 */
export async function waitForFrames(page, frames = 30, timeoutMs = 15000) {
  await page.evaluate(
    ([n, timeout]) =>
      new Promise((resolve, reject) => {
        const request = window.__rawRequestAnimationFrame ?? window.requestAnimationFrame.bind(window);
        let painted = 0;
        const timer = setTimeout(() => reject(new Error(`only ${painted} of ${n} frames in ${timeout} ms`)), timeout);
        const tick = () => {
          painted += 1;
          if (painted >= n) {
            clearTimeout(timer);
            resolve();
          } else {
            request(tick);
          }
        };
        request(tick);
      }),
    [frames, timeoutMs],
  );
}

/**
 * Resizes the viewport and waits until the page has reacted: it sees the new width, and
 * every simulation drawing has re-measured its backing store to its new stage width. Only
 * then does a check that nothing overflows mean anything.
 */
export async function setViewportAndSettle(page, size) {
  await page.setViewportSize(size);
  await page.waitForFunction((width) => window.innerWidth === width, size.width, { polling: 50 });
  await page.waitForFunction(
    () =>
      [...document.querySelectorAll(".sim-canvas")].every(
        (canvas) => canvas.width === Math.round(canvas.parentElement.clientWidth * Math.max(1, window.devicePixelRatio)),
      ),
    null,
    { polling: 50 },
  );
}

/** `text` as a regular expression matching it literally. */
export function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
