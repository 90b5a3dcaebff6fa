// The "Message passing and unreliable networks" lesson: its text, the sequence list,
// the idempotency switch, and the "What happened?" guess and reveal.
import assert from "node:assert/strict";
import { count, logLines, nowUs, openSim, screenshot, seekToEnd, setRange, setViewportAndSettle, test } from "../lib.mjs";

/** Opens a scenario of this lesson and waits until its widget has drawn. */
const openScenario = (open, scenario, extra = "", options = {}) => openSim(open, "messages", scenario, extra, options);

test("messages: the lesson reads, and the fan-out fills its numbered list in order", async ({ open }) => {
  const page = await openScenario(open, "sequence");
  assert.equal(await page.locator("article.lesson h1").innerText(), "Message passing and unreliable networks");
  for (const heading of ["Nodes only know what messages tell them", "What the network does to a message", "Silence does not say why", "Timeouts, retries and idempotency"]) {
    assert.equal(await page.getByRole("heading", { name: heading }).count(), 1, heading);
  }
  assert.deepEqual(await page.getByRole("tab").allInnerTexts(), ["A request fans out", "Timeouts and retries", "What happened?"]);

  const steps = page.getByTestId("sequence-steps").locator("li");
  assert.equal(await steps.count(), 1);
  assert.match(await steps.first().innerText(), /^User → Server A: Request \(sent at 0\.0 ms\) — on its way$/);
  await page.getByTestId("sim-step").click();
  assert.equal(await steps.count(), 3, "A sends the Query and the Update at once");
  assert.match(await steps.nth(1).innerText(), /Server A → Server B: Query/);
  assert.match(await steps.nth(2).innerText(), /Server A → Server C: Update/);
  await seekToEnd(page);
  const all = await steps.allInnerTexts();
  assert.equal(all.length, 6);
  assert.ok(all.every((line) => /arrived at/.test(line)), all.join("\n"));
  assert.deepEqual(all.slice(3, 5).map((l) => l.split(":")[1].trim().split(" ")[0]).sort(), ["Ack", "Response"]);
  assert.match(all[5], /^Server A → User: Result/);
  await screenshot(page, "messages-sequence", { fullPage: false });
  await screenshot(page, "messages-lesson");
});

test("messages: a lost reply makes a retry apply twice; the idempotent server applies it once", async ({ open }) => {
  const page = await openScenario(open, "retry");
  const counter = page.getByTestId("server-counter");
  await seekToEnd(page);
  assert.equal(await counter.innerText(), "1 (applied once)", "no loss: one request, applied once");
  assert.equal(await page.getByTestId("retry-count").innerText(), "0");
  const requestLatencyMs = async () => {
    const text = await page.locator('[data-counter="request-latency"]').innerText();
    const match = /^([\d.]+) ms avg, ([\d.]+) ms max$/.exec(text);
    assert.ok(match, `request latency reads "${text}"`);
    return Number(match[2]);
  };
  const fast = await requestLatencyMs();
  assert.match(await page.locator('[data-counter="delivery-time"]').innerText(), /^[\d.]+ ms avg, [\d.]+ ms max$/);

  await page.getByTestId("sim-reset").click();
  await setRange(page.getByTestId("sim-loss"), 30);
  await seekToEnd(page);
  assert.equal(await counter.innerText(), "2 (applied twice!)");
  assert.ok(Number(await page.getByTestId("retry-count").innerText()) >= 1);
  assert.match(await page.getByTestId("client-status").innerText(), /got a reply: the counter is 2/);
  assert.ok((await logLines(page)).some((line) => /Reply #1 = 1 lost on Server→Client/.test(line)));
  assert.ok((await requestLatencyMs()) > fast + 20, "the retry made the request slower by at least the timeout");
  await screenshot(page, "messages-retry-twice", { fullPage: false });

  const toggle = page.getByTestId("idempotent-toggle");
  await toggle.check();
  assert.equal(await nowUs(page), 160_000, "the same instant of the same run");
  assert.equal(await counter.innerText(), "1 (applied once)");
  assert.equal(await page.getByTestId("sim-loss-value").innerText(), "30%", "the reader's loss setting replays");
  assert.match(await page.getByTestId("client-status").innerText(), /got a reply: the counter is 1/);
  await page.getByTestId("sim-copy-link").click();
  assert.match(await page.getByTestId("sim-share-link").inputValue(), /scenario=retry-idempotent/);

  const shared = await openScenario(open, "retry-idempotent", `&ops=${encodeURIComponent("0~0~loss.300000")}&t=160000`);
  assert.equal(await shared.getByTestId("idempotent-toggle").isChecked(), true);
  assert.equal(await shared.getByTestId("server-counter").innerText(), "1 (applied once)");
  assert.deepEqual(await shared.getByRole("tab").allInnerTexts(), ["A request fans out", "Timeouts and retries", "What happened?"]);

  await toggle.uncheck();
  assert.equal(await counter.innerText(), "2 (applied twice!)");
  await page.getByTestId("sim-reset").click();
  await setRange(page.getByTestId("sim-loss"), 100);
  await seekToEnd(page);
  assert.match(await page.getByTestId("client-status").innerText(), /gave up/);
  assert.equal(await page.getByTestId("retry-count").innerText(), "3");
  assert.ok((await count(page, "dropped")) >= 4);
});

test("messages: what happened? only the client's side shows until the reveal", async ({ open }) => {
  // Seed 11 (the default) hides one case; the reveal must name the one the world was built with.
  const page = await openScenario(open, "what-happened");
  assert.equal(await page.getByTestId("mystery-verdict").count(), 0);
  assert.equal(await page.getByTestId("mystery-reveal").isDisabled(), true, "guess first");
  const end = await seekToEnd(page);
  assert.equal(end, 45_000, "the run stops just after the timeout");
  const log = await logLines(page);
  assert.ok(log.length >= 3, log.join("\n"));
  assert.ok(log.every((line) => /— Client/.test(line)), `only the client's events: ${log.join("\n")}`);
  assert.ok(log.some((line) => /Client: gave up on request #1/.test(line)));
  assert.match(await page.getByTestId("sim-summary").innerText(), /Server \(server, hidden\)/);
  assert.equal(await page.getByTestId("counters-hidden").count(), 1, "counters would give it away");
  const html = await page.content();
  assert.ok(!/data-case|What happened:|counter = 1|working on/.test(html), "the secret is not in the page");
  await screenshot(page, "messages-mystery-hidden", { fullPage: false });

  await page.getByTestId("guess-reply-lost").check();
  await page.getByTestId("mystery-reveal").click();
  const verdict = page.getByTestId("mystery-verdict");
  await verdict.waitFor();
  const actual = await verdict.getAttribute("data-case");
  assert.ok(["request-lost", "reply-lost", "server-crashed", "server-slow"].includes(actual));
  assert.match(await verdict.innerText(), actual === "reply-lost" ? /right/ : /Not this time/);
  assert.equal(await page.getByTestId("sim-timeline").getAttribute("max"), "120000", "the whole run can be watched now");
  assert.equal(await page.getByTestId("counters-hidden").count(), 0);
  await seekToEnd(page);
  const summary = await page.getByTestId("sim-summary").innerText();
  const expected = {
    "request-lost": /Server \(server, counter = 0\)/,
    "reply-lost": /Server \(server, counter = 1\)/,
    "server-crashed": /Server \(server, crashed\)/,
    "server-slow": /Server \(server, counter = 1\)/,
  }[actual];
  assert.match(summary, expected);
  await screenshot(page, "messages-mystery-revealed", { fullPage: false });

  const seedBefore = await page.getByTestId("sim-seed").inputValue();
  await page.getByTestId("mystery-new").click();
  // Positive signal first: a new mystery has been drawn (another seed), then the old verdict is gone.
  await page.waitForFunction((seed) => document.querySelector("[data-testid=sim-seed]").value !== seed, seedBefore);
  assert.equal(await page.getByTestId("mystery-verdict").count(), 0);
  assert.equal(await page.getByTestId("sim-timeline").getAttribute("max"), "45000");
  assert.equal(await page.getByTestId("guess-reply-lost").isChecked(), false);
});

test("messages: each of the four cases can be revealed by its seed", async ({ open }) => {
  const seen = new Set();
  for (let seed = 1; seed <= 40 && seen.size < 4; seed += 1) {
    const page = await openScenario(open, "what-happened", `&seed=${seed}`);
    await page.getByTestId("guess-server-slow").check();
    await page.getByTestId("mystery-reveal").click();
    seen.add(await page.getByTestId("mystery-verdict").getAttribute("data-case"));
    await page.close();
  }
  assert.equal(seen.size, 4, [...seen].join(", "));
});

test("messages: dark theme and a phone", async ({ open }) => {
  const page = await openScenario(open, "retry", "&theme=dark&ops=0~0~loss.300000&t=90000");
  await screenshot(page, "messages-retry-dark", { fullPage: false });
  await setViewportAndSettle(page, { width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `overflows by ${overflow}px`);
  await page.getByTestId("sim-widget").scrollIntoViewIfNeeded();
  await screenshot(page, "messages-retry-phone", { fullPage: false });
});

test("messages: a benchmark link with an action it offers no control for, at its far end, opens with notices and plays", async ({ open }) => {
  const started = Date.now();
  const page = await open("?lesson=messages&view=sim&scenario=bench-100&ops=0~0~dup.1000000&t=18446744073709551615&chrome=0");
  await page.getByTestId("sim-widget").waitFor();
  const notices = await page.getByTestId("sim-notices").innerText();
  console.log(`    opened in ${Date.now() - started} ms`);
  assert.match(notices, /no control for duplication/);
  assert.match(notices, /takes more work than one jump may do, so the run stopped at/);
  const time = page.getByTestId("sim-time");
  const before = Number(await time.getAttribute("data-now-us"));
  assert.ok(before > 0, "the jump went part of the way");
  await page.getByTestId("sim-play").click();
  await page.waitForFunction((t) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > t, before);
  assert.equal(await page.getByText("DistLab stopped working").count(), 0);
});
