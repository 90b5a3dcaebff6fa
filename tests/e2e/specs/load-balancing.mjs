// The "Load balancing and scaling" lesson: every tab plays from the simulator, its
// settings change what the runs do, the share link reproduces a run with its setting,
// and screenshots in light, dark and at 360 px.
import assert from "node:assert/strict";
import { SCREENSHOT_DIR, nowUs, openSim, screenshot, seek, seekToEnd, setRange, setViewportAndSettle, test } from "../lib.mjs";
import { join } from "node:path";

const openScenario = (open, scenario, extra = "", options = {}) => openSim(open, "load-balancing", scenario, extra, options);

/** A read-out number of run `run` (`run-above`, `run-below`, …): `dropped`, `p99`, …. */
async function stat(page, run, key) {
  return parseInt(await page.getByTestId(`${run}-${key}`).innerText(), 10);
}

/** Saves a screenshot of the simulation panel only. */
async function panelShot(page, name) {
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.locator("#sim-panel").screenshot({ path });
  console.log(`    screenshot: ${path}`);
}

test("load-balancing: the lesson reads; round robin floods the slow server while least connections keeps up", async ({ open }) => {
  const page = await openScenario(open, "lb-strategies");
  assert.equal(await page.locator("article.lesson h1").innerText(), "Load balancing and scaling");
  assert.deepEqual(await page.getByRole("tab").allInnerTexts(), [
    "Strategies side by side",
    "Scale up or scale out",
    "Health checks",
    "Consistent hashing",
    "One server, two loads",
    "The bottleneck",
  ]);
  for (const heading of ["One address in front of many servers", "Choosing a server", "Consistent hashing"]) {
    assert.ok((await page.getByRole("heading", { name: heading }).count()) >= 1, heading);
  }
  assert.match(await page.getByTestId("lb-load").innerText(), /160 requests\/s.*220\/s.*73% busy/);
  // Each run shows one queue bar per server, A–D.
  assert.equal(await page.getByTestId("run-above").locator(".lb-queue").count(), 4);
  await seekToEnd(page);
  const [rrDropped, lcDropped] = [await stat(page, "run-above", "dropped"), await stat(page, "run-below", "dropped")];
  assert.ok(rrDropped > 10 && lcDropped < rrDropped / 3, `round robin ${rrDropped}, least connections ${lcDropped}`);
  // The same arrivals above and below.
  assert.equal(await stat(page, "run-above", "issued"), await stat(page, "run-below", "issued"));
  for (const run of ["run-above", "run-below"]) {
    const issued = await stat(page, run, "issued");
    const sum = (await Promise.all(["completed", "dropped", "timed-out", "in-flight"].map((k) => stat(page, run, k)))).reduce((a, b) => a + b);
    assert.equal(sum, issued, `${run}: every request is accounted for`);
  }
  // D (0.5×) is the one that refuses: its bar names the drops.
  assert.match(await page.getByTestId("run-above").locator(".lb-queue").nth(3).innerText(), /D[\s\S]*0\.5×[\s\S]*dropped [1-9]/);
  assert.match(await page.locator("#sim-panel .chart-canvas").getAttribute("aria-label"), /Above: Round robin: p99 now \d+ ms; Below: Least connections: p99 now \d+ ms/);
  await panelShot(page, "lb-strategies");
  await screenshot(page, "lb-lesson", { fullPage: false });
});

test("load-balancing: changing a strategy changes its run, and Copy link reproduces it", async ({ open }) => {
  const page = await openScenario(open, "lb-strategies");
  await seekToEnd(page);
  const before = await page.getByTestId("run-below").innerText();
  const chartBefore = await page.locator("#sim-panel .chart-canvas").innerHTML();
  await page.getByTestId("strategy-below").selectOption("random");
  await page.getByTestId("run-below").getByRole("heading", { name: "Below: Random" }).waitFor();
  await page.waitForFunction((old) => document.querySelector("[data-testid=run-below]").innerText !== old, before);
  assert.notEqual(await page.locator("#sim-panel .chart-canvas").innerHTML(), chartBefore, "the chart follows");
  const randomDropped = await stat(page, "run-below", "dropped");
  await setRange(page.getByTestId("lb-servers"), 6);
  await page.waitForFunction(() => document.querySelectorAll("[data-testid=run-above] .lb-queue").length === 6);
  await seekToEnd(page);
  const sixDropped = await stat(page, "run-below", "dropped");
  await page.getByTestId("sim-copy-link").click();
  await page.waitForFunction(() => /set=rr-vs-random-r160-exp-n6-ad-v0/.test(location.search));
  const shared = await openSim(open, "load-balancing", "lb-strategies", new URL(page.url()).search.replace(/^\?lesson=load-balancing&scenario=lb-strategies/, ""));
  assert.equal(await shared.getByTestId("strategy-below").inputValue(), "random");
  assert.equal(await shared.getByTestId("run-above").locator(".lb-queue").count(), 6);
  await seekToEnd(shared);
  assert.equal(await stat(shared, "run-below", "dropped"), sixDropped, "the link reproduces the run");
  assert.ok(randomDropped >= 0);
  // A setting the scenario cannot read leaves a notice and the default.
  const bad = await openScenario(open, "lb-strategies", "&set=rr-vs-nonsense");
  await bad.getByText(/The link's setting “rr-vs-nonsense” is not/).waitFor();
  assert.equal(await bad.getByTestId("strategy-below").inputValue(), "lc");
});

test("load-balancing: scale up costs $100,000, scale out a few $1,000 servers; the one big server is a single point of failure", async ({ open }) => {
  const page = await openScenario(open, "lb-scale");
  assert.match(await page.getByTestId("lb-costs").innerText(), /scale up: 1 × \$100,000 = \$100,000; scale out: 2 × \$1,000 = \$2,000/);
  const at = await seek(page, 2_000_000);
  await page.getByTestId("add-server").click();
  await page.getByTestId("sim-copy-link").click();
  await page.waitForFunction((ms) => new URLSearchParams(location.search).get("set") === `i2-ac${ms}-ac4000-ad4000`, Math.floor(at / 1000));
  await seek(page, 2_500_000);
  assert.match(await page.getByTestId("lb-costs").innerText(), /scale out: 3 × \$1,000 = \$3,000/);
  await seek(page, 6_000_000);
  await page.getByTestId("crash-big").click();
  await page.getByTestId("crash-small").click();
  await seekToEnd(page);
  assert.match(await page.getByTestId("lb-costs").innerText(), /scale out: 4 × \$1,000 = \$4,000/);
  const bigLost = (await stat(page, "run-above", "timed-out")) + (await stat(page, "run-above", "dropped"));
  const smallCompleted = await stat(page, "run-below", "completed");
  const bigCompleted = await stat(page, "run-above", "completed");
  assert.ok(bigLost > 300, `with its one server down, scale-up loses everything after 6 s: ${bigLost}`);
  assert.ok(smallCompleted > bigCompleted + 300, `scale-out keeps serving: ${smallCompleted} against ${bigCompleted}`);
  await panelShot(page, "lb-scale");
});

test("load-balancing: health checks take a crashed server out within interval × threshold", async ({ open }) => {
  const page = await openScenario(open, "lb-health");
  await seek(page, 2_000_000);
  await page.getByTestId("crash-b").click();
  await seek(page, 6_000_000);
  await page.getByTestId("restart-b").click();
  await seekToEnd(page);
  const [without, withChecks] = [await stat(page, "run-above", "timed-out"), await stat(page, "run-below", "timed-out")];
  assert.ok(withChecks > 0 && withChecks * 4 < without, `without ${without}, with ${withChecks}`);
  await seek(page, 3_000_000);
  const detection = await page.getByTestId("lb-detection").innerText();
  const delay = Number(/taken out (\d+) ms after/.exec(detection)?.[1]);
  assert.ok(delay > 0 && delay <= 800, detection);
  // A longer interval: slower detection, more requests lost.
  await setRange(page.getByTestId("health-interval"), 1000);
  await seekToEnd(page);
  assert.ok((await stat(page, "run-below", "timed-out")) > withChecks, "checks every second lose more");
  await seek(page, 5_900_000);
  assert.match(await page.getByTestId("lb-detection").innerText(), /at most 3050 ms/);
  await panelShot(page, "lb-health");
});

test("load-balancing: consistent hashing moves about 1/(N+1) of the keys, hash mod N nearly all", async ({ open }) => {
  const page = await openScenario(open, "lb-hashing");
  assert.match(await page.getByTestId("hash-moves").innerText(), /No pool change yet/);
  await seekToEnd(page);
  const line = await page.getByTestId("hash-moves").locator("li").first().innerText();
  const [, ring, modN] = /the ring moves (\d+) keys, hash mod N would move (\d+)/.exec(line).map(Number);
  assert.ok(ring > 1200 && ring < 2800, `ring ${ring} of 10,000 (ideal 2,000)`);
  assert.ok(modN > 7500, `hash mod N ${modN}`);
  assert.equal(await page.getByTestId("hash-spread").locator("tbody tr").count(), 5);
  const sd = async () => Number(/deviation (\d+) keys/.exec(await page.getByTestId("hash-sd").innerText())[1]);
  const sd100 = await sd();
  await setRange(page.getByTestId("hash-vnodes"), 1);
  await page.waitForFunction((old) => !document.querySelector("[data-testid=hash-sd]").innerText.includes(`deviation ${old} keys`), sd100);
  assert.ok((await sd()) > 2 * sd100, `1 virtual node spreads worse: ${await sd()} against ${sd100}`);
  assert.equal(await page.locator(".lb-ring line").count(), 5 + 48, "one point per server, and 48 keys");
  await setRange(page.getByTestId("hash-vnodes"), 100);
  await page.locator(".lb-ring line").nth(499 + 48).waitFor();
  await panelShot(page, "lb-hashing");
});

test("load-balancing: throughput flattens once the shared database saturates", async ({ open }) => {
  const page = await openScenario(open, "lb-bottleneck");
  const measured = await page.getByTestId("bottleneck-measured").innerText();
  const rates = [...measured.matchAll(/(\d) servers? (\d+)\/s/g)].map((m) => Number(m[2]));
  assert.equal(rates.length, 6, measured);
  assert.ok(rates[0] < 0.75 * rates[3], `climbs: ${rates}`);
  assert.ok(Math.abs(rates[5] - rates[3]) < 40 && rates[3] <= 410, `flat near 400/s: ${rates}`);
  await setRange(page.getByTestId("bottleneck-servers"), 5);
  await page.waitForFunction(() => document.querySelectorAll(".lb-queue").length === 5);
  await seekToEnd(page);
  assert.match(await page.getByTestId("lb-database").innerText(), /at most 400 queries\/s\): busy [34]\/4, queue \d+\/32/);
  await panelShot(page, "lb-bottleneck");
});

test("load-balancing: the p99 question's run opens set up, and p99 at 90% is several times p99 at 50%", async ({ open }) => {
  const page = await openScenario(open, "lb-queueing", "&seed=7&set=u50-u90");
  assert.equal(await page.getByRole("tab", { selected: true }).innerText(), "One server, two loads");
  await seekToEnd(page);
  const ratio = Number(/(\d+\.\d) times as long/.exec(await page.getByTestId("lb-ratio").innerText())[1]);
  assert.ok(ratio >= 3, `ratio ${ratio}`);
});

test("load-balancing: every tab plays, steps and scrubs, and its read-out follows", async ({ open }) => {
  const first = await openScenario(open, "lb-strategies");
  const tabs = await first.locator(".sim-tabs [role=tab]").evaluateAll((ts) => ts.map((t) => t.id.replace(/^tab-/, "")));
  await first.close();
  for (const tab of tabs) {
    const page = await openScenario(open, tab);
    const issued = page.locator("[data-testid$=-issued]").first();
    assert.equal(await issued.innerText(), "0", `${tab}: nothing issued at 0`);
    await page.getByTestId("sim-play").click();
    // Playing: requests start to flow and the read-out counts them.
    await page.waitForFunction(() => Number(document.querySelector("[data-testid$=-issued]").innerText) > 0, null, { timeout: 20000 });
    await page.getByTestId("sim-play").click();
    await page.waitForFunction(() => /Play/.test(document.querySelector("[data-testid=sim-play]").innerText));
    const paused = await nowUs(page);
    assert.ok(paused > 0, `${tab}: time ran`);
    await page.getByTestId("sim-step").click();
    await page.waitForFunction((t) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > t, paused);
    const middle = Math.floor(Number(await page.getByTestId("sim-timeline").getAttribute("max")) / 2);
    const reached = await seek(page, middle);
    const atMiddle = Number(await issued.innerText());
    await seek(page, 0);
    await page.waitForFunction(() => document.querySelector("[data-testid$=-issued]").innerText === "0");
    await seek(page, reached);
    await page.waitForFunction((n) => Number(document.querySelector("[data-testid$=-issued]").innerText) === n, atMiddle);
    assert.ok(atMiddle > 0, `${tab}: requests issued by the middle`);
    await page.close();
  }
});

test("load-balancing: dark theme and a phone", async ({ open }) => {
  const dark = await openScenario(open, "lb-strategies", "&theme=dark&t=6000000");
  await panelShot(dark, "lb-strategies-dark");
  const phone = await openScenario(open, "lb-hashing", "&t=5000000");
  await setViewportAndSettle(phone, { width: 360, height: 780 });
  for (const part of [".reading", ".sim-widget", ".lb-run", ".lb-hashing"]) {
    const overflow = await phone.locator(part).first().evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(overflow <= 0, `${part} overflows by ${overflow}px`);
  }
  await screenshot(phone, "lb-phone", { fullPage: false });
  const strategies = await openScenario(open, "lb-strategies", "&t=6000000");
  await setViewportAndSettle(strategies, { width: 360, height: 780 });
  await panelShot(strategies, "lb-strategies-phone");
});

test("load-balancing: a predict question grades from the simulation and opens its run set up", async ({ open }) => {
  const page = await open("?lesson=load-balancing&view=quiz", { waitFor: '[data-testid="quiz-panel"]' });
  const card = page.locator('fieldset.quiz-question[data-question="fewest-drops"]');
  await card.getByLabel(/^Round robin$/).check();
  await card.getByRole("button", { name: "Check" }).click();
  assert.match(await card.getByTestId("quiz-outcome").innerText(), /The simulation shows\s+Least connections/);
  const run = card.locator(".quiz-run [data-testid=sim-widget]");
  await run.waitFor();
  assert.equal(await run.getAttribute("data-scenario"), "lb-strategies");
  assert.equal(await run.getByTestId("strategy-above").inputValue(), "rr");
  assert.equal(await run.getByTestId("strategy-below").inputValue(), "lc");
  assert.match(await run.getByTestId("lb-load").innerText(), /198 requests\/s.*90% busy/);
  await seekToEnd(page);
  const dropped = async (lane) => parseInt(await run.getByTestId(`${lane}-dropped`).innerText(), 10);
  assert.ok((await dropped("run-below")) < (await dropped("run-above")), "least connections drops fewer, as graded");
});
