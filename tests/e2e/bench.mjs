// Browser benchmark of the simulation widget (not a test; CI does not run it).
//
// Against the release build in dist/ (`trunk build --release`), in headless Chromium:
//   1. 100 nodes and 2,000 messages in flight (scenario bench-100), playing for 5 s at
//      1× (about 8 deliveries per frame) and at 10× (about 80): frame time p50/p95/max
//      (deltas between animation frames, measured in the page) and main-thread CPU
//      (DevTools Performance.getMetrics TaskDuration and ScriptDuration).
//   1b. The load-balancing lesson's 100-server, 20-client scene (lb-bench) with over
//      1,000 requests in flight, playing at 1×: frame time and CPU.
//   2. A small scene (the intro's five machines fetching data, a handful of messages in
//      flight) playing at 1×: CPU per animated second.
//   3. The same scene paused for 5 s, and playing in a hidden tab for 5 s: CPU used and
//      the number of requestAnimationFrame calls (counted by wrapping the function).
//   4. Playing but idle (the messages lesson's retry scene with every machine crashed):
//      CPU per second once the canvas says its picture is still (`data-still`).
//
// Usage: node tests/e2e/bench.mjs [seconds]   — prints a Markdown table and JSON.
import os from "node:os";
import { join } from "node:path";
import { HERE, launchChromium, startStaticServer } from "./lib.mjs";

const SECONDS = Number(process.argv[2] ?? 5);
const SUB_PATH = "/course/lab/";

const COUNT_FRAMES = () => {
  window.__rafCalls = 0;
  const request = window.requestAnimationFrame.bind(window);
  window.requestAnimationFrame = (callback) => {
    window.__rafCalls += 1;
    return request(callback);
  };
};

function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index];
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send("Performance.getMetrics");
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

/** CPU (ms) the page's main thread spent while `during` runs, and the rAF calls made. */
async function measure(page, cdp, during) {
  const before = await metrics(cdp);
  const framesBefore = await page.evaluate(() => window.__rafCalls);
  const started = Date.now();
  const extra = await during();
  const elapsedMs = Date.now() - started;
  const after = await metrics(cdp);
  const framesAfter = await page.evaluate(() => window.__rafCalls);
  return {
    elapsedMs,
    taskMs: (after.TaskDuration - before.TaskDuration) * 1000,
    scriptMs: (after.ScriptDuration - before.ScriptDuration) * 1000,
    rafCalls: framesAfter - framesBefore,
    ...extra,
  };
}

/** Records animation-frame deltas in the page for `seconds`. */
function recordFrames(page, seconds) {
  return page.evaluate(
    (ms) =>
      new Promise((done) => {
        const deltas = [];
        let last = null;
        const end = performance.now() + ms;
        const tick = (now) => {
          if (last !== null) deltas.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(tick);
          else done(deltas);
        };
        requestAnimationFrame(tick);
      }),
    seconds * 1000,
  );
}

async function setSpeed(page, log10) {
  await page.getByTestId("sim-speed").evaluate((el, v) => {
    el.value = String(v);
    el.dispatchEvent(new Event("input", { bubbles: true }));
  }, log10);
}

async function openSim(context, query) {
  const page = await context.newPage();
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(app.url + query);
  await page.waitForSelector("[data-testid=sim-widget]");
  await page.waitForFunction(() => document.querySelector(".sim-canvas")?.width > 0);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable", { timeDomain: "threadTicks" });
  return { page, cdp };
}

const simNow = (page) => page.getByTestId("sim-time").getAttribute("data-now-us").then(Number);

const app = await startStaticServer(join(HERE, "..", "..", "dist"), SUB_PATH);
const browser = await launchChromium();
const chromiumVersion = browser.version();
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
await context.addInitScript(COUNT_FRAMES);
const results = {};

/** Plays for SECONDS, recording every frame's delta and the CPU used; pauses again. */
async function playAndRecord(page, cdp) {
  await page.getByTestId("sim-play").click();
  await page.waitForTimeout(500);
  const t0 = await simNow(page);
  const run = await measure(page, cdp, async () => ({ deltas: await recordFrames(page, SECONDS) }));
  const t1 = await simNow(page);
  await page.getByTestId("sim-play").click();
  return { run, sorted: [...run.deltas].sort((a, b) => a - b), t0, t1 };
}

// 1. 100 nodes, 2,000 messages in flight, at 1× (the default speed) and at 10×.
async function bigScene(speedLog) {
  const { page, cdp } = await openSim(context, "?lesson=messages&scenario=bench-100&view=sim");
  await setSpeed(page, speedLog);
  const inFlight = Number((await page.locator('[data-counter="in-flight"]').innerText()).trim());
  const { run, sorted, t0, t1 } = await playAndRecord(page, cdp);
  const delivered = Number((await page.locator('[data-counter="delivered"]').innerText()).trim());
  await page.close();
  return {
    speed: 10 ** speedLog,
    nodes: 100,
    inFlight,
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
    slowFrames: sorted.filter((d) => d > 25).length,
    cpuPerSecondMs: run.taskMs / (run.elapsedMs / 1000),
    scriptPerSecondMs: run.scriptMs / (run.elapsedMs / 1000),
    cpuPerFrameMs: run.taskMs / Math.max(1, sorted.length),
    simAdvancedMs: (t1 - t0) / 1000,
    deliveredTotal: delivered,
  };
}
results.big1x = await bigScene(0);
results.big10x = await bigScene(1);

// 1b. The load-balancing lesson's big cluster: 20 clients, 100 servers, over 1,000
// requests in flight (scenario lb-bench), from 1 s in, playing at 1×.
{
  const { page, cdp } = await openSim(context, "?lesson=load-balancing&scenario=lb-bench&view=sim&t=1000000");
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=run-bench-in-flight]")?.innerText) > 0);
  const inFlight = Number(await page.getByTestId("run-bench-in-flight").innerText());
  const { run, sorted, t0, t1 } = await playAndRecord(page, cdp);
  results.lbBench = {
    inFlight,
    frames: sorted.length,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: sorted[sorted.length - 1],
    cpuPerSecondMs: run.taskMs / (run.elapsedMs / 1000),
    simAdvancedMs: (t1 - t0) / 1000,
  };
  await page.close();
}

// 2–3. A small scene: playing, paused, hidden.
{
  const { page, cdp } = await openSim(context, "?lesson=intro&scenario=client-server-vs-p2p&view=sim");
  await page.getByTestId("sim-play").click();
  await page.waitForTimeout(300);
  const t0 = await simNow(page);
  const playing = await measure(page, cdp, () => page.waitForTimeout(SECONDS * 1000));
  const t1 = await simNow(page);
  await page.getByTestId("sim-play").click();
  results.smallPlaying = {
    cpuPerSecondMs: playing.taskMs / (playing.elapsedMs / 1000),
    scriptPerSecondMs: playing.scriptMs / (playing.elapsedMs / 1000),
    rafPerSecond: playing.rafCalls / (playing.elapsedMs / 1000),
    simAdvancedMs: (t1 - t0) / 1000,
  };

  await page.waitForTimeout(300);
  const paused = await measure(page, cdp, () => page.waitForTimeout(SECONDS * 1000));
  results.paused = { cpuMs: paused.taskMs, scriptMs: paused.scriptMs, rafCalls: paused.rafCalls, seconds: paused.elapsedMs / 1000 };

  // Hidden: another tab in front. Headless Chromium may not report the first tab as
  // hidden then; if not, the page is told so the way a browser tells it (visibilitychange).
  await page.getByTestId("sim-play").click();
  await page.waitForTimeout(300);
  const other = await context.newPage();
  await other.goto("about:blank");
  await other.bringToFront();
  await page.waitForTimeout(200);
  let method = "another tab in front";
  if (!(await page.evaluate(() => document.hidden))) {
    method = "visibilitychange with document.hidden = true";
    await page.evaluate(() => {
      Object.defineProperty(document, "hidden", { value: true, configurable: true });
      Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    });
  }
  await page.waitForTimeout(200);
  const tHidden = await simNow(page);
  const hidden = await measure(page, cdp, () => page.waitForTimeout(SECONDS * 1000));
  results.hidden = {
    method,
    cpuMs: hidden.taskMs,
    scriptMs: hidden.scriptMs,
    rafCalls: hidden.rafCalls,
    seconds: hidden.elapsedMs / 1000,
    simAdvancedMs: ((await simNow(page)) - tHidden) / 1000,
  };
  await other.close();
  await page.close();
}

// 4. Playing but idle: every machine crashed, nothing in flight, time running.
{
  const ops = encodeURIComponent("0~0~crash.0_0~0~crash.1");
  const { page, cdp } = await openSim(context, `?lesson=messages&scenario=retry&view=sim&ops=${ops}`);
  await page.getByTestId("sim-play").click();
  await page.waitForSelector("canvas[data-still=true]");
  const t0 = await simNow(page);
  const idle = await measure(page, cdp, () => page.waitForTimeout(SECONDS * 1000));
  const t1 = await simNow(page);
  results.idle = {
    cpuPerSecondMs: idle.taskMs / (idle.elapsedMs / 1000),
    rafPerSecond: idle.rafCalls / (idle.elapsedMs / 1000),
    simAdvancedMs: (t1 - t0) / 1000,
  };
  await page.close();
}

await browser.close();
app.close();

const cpu = os.cpus();
const load = os.loadavg().map((l) => l.toFixed(1)).join(" / ");
const machine = `${cpu.length} × ${cpu[0]?.model ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()}, Chromium ${chromiumVersion}; load average ${load} (1/5/15 min) at the end`;
const f = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a");
console.log(`machine: ${machine}`);
console.log("");
console.log("| measurement | result |");
console.log("|---|---|");
for (const big of [results.big1x, results.big10x]) {
  console.log(`| 100 nodes, ${big.inFlight} messages in flight, ${f(big.speed, 0)}× for ${SECONDS} s: frame time p50 / p95 / max | ${f(big.p50)} / ${f(big.p95)} / ${f(big.max)} ms (${big.frames} frames, ${big.slowFrames} longer than 25 ms) |`);
  console.log(`| same: main-thread CPU (TaskDuration) / script | ${f(big.cpuPerSecondMs, 0)} / ${f(big.scriptPerSecondMs, 0)} ms per second, ${f(big.cpuPerFrameMs)} ms per frame |`);
}
{
  const lb = results.lbBench;
  console.log(`| load balancing: 20 clients, 100 servers, ${lb.inFlight} requests in flight, 1× for ${SECONDS} s: frame time p50 / p95 / max; CPU per second | ${f(lb.p50)} / ${f(lb.p95)} / ${f(lb.max)} ms (${lb.frames} frames); ${f(lb.cpuPerSecondMs, 0)} ms, ${f(lb.simAdvancedMs, 0)} simulated ms |`);
}
console.log(`| small scene (5 nodes), playing at 1×: CPU / script per animated second | ${f(results.smallPlaying.cpuPerSecondMs, 1)} / ${f(results.smallPlaying.scriptPerSecondMs, 1)} ms (${f(results.smallPlaying.rafPerSecond, 0)} frames/s) |`);
console.log(`| paused ${f(results.paused.seconds, 1)} s: CPU, requestAnimationFrame calls | ${f(results.paused.cpuMs, 1)} ms, ${results.paused.rafCalls} calls |`);
console.log(`| hidden tab ${f(results.hidden.seconds, 1)} s while playing (${results.hidden.method}): CPU, rAF calls, simulated time advanced | ${f(results.hidden.cpuMs, 1)} ms, ${results.hidden.rafCalls} calls, ${f(results.hidden.simAdvancedMs, 2)} ms |`);
console.log(`| playing but idle (nothing in flight, picture still): CPU per second, rAF calls per second, simulated time advanced | ${f(results.idle.cpuPerSecondMs, 1)} ms, ${f(results.idle.rafPerSecond, 0)}, ${f(results.idle.simAdvancedMs, 0)} ms |`);
console.log("");
console.log(JSON.stringify({ machine, seconds: SECONDS, results }, null, 2));
