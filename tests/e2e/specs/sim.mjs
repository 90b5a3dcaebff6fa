// The simulation widget: transport, time travel, faults, share links, keyboard use,
// bad URL values, and animating only while playing and visible. One scenario (HOST)
// hosts the widget, but every check goes through the widget's own structure (test ids,
// roles, aria labels, its formats) and compares values read from the page, never the
// host lesson's wording: node names, message labels and times are read at run time.
import assert from "node:assert/strict";
import {
  allCounters,
  count,
  counter,
  escapeRegExp,
  formatMs,
  lineTenths,
  logLines,
  nowUs,
  openSim,
  screenshot,
  seek,
  seekToEnd,
  setRange,
  setViewportAndSettle,
  test,
  waitForFrames,
  waitForSimTimeAtLeast,
} from "../lib.mjs";

/**
 * The scenario that hosts the widget. Any scenario will do that shows every fault
 * control, has two to six nodes (so one button per link), sends messages after its
 * first event, has no setting of its own (`&set=`) and hides no node, on a lesson page
 * long enough to scroll the widget out of view at 900 × 800.
 */
const HOST = { lesson: "messages", scenario: "sequence" };

/** Opens the host scenario (with `extra` query parameters) and waits for its drawing. */
async function openHost(open, extra = "", options = {}) {
  const page = await openSim(open, HOST.lesson, HOST.scenario, extra, options);
  assert.equal(await page.getByTestId("sim-widget").getAttribute("data-scenario"), HOST.scenario, "the host scenario opened");
  return page;
}

/** The fault panel's node buttons in node order: test id, node name, and whether it is up. */
async function nodes(page) {
  return page.locator('[data-testid^="sim-node-"]').evaluateAll((buttons) =>
    buttons.map((button) => {
      const label = button.textContent.trim();
      return { testid: button.dataset.testid, name: label.replace(/^(Crash|Restart) /, ""), up: label.startsWith("Crash ") };
    }),
  );
}

/** Index and button of the node called `name`. */
async function nodeNamed(page, name) {
  const all = await nodes(page);
  const index = all.findIndex((node) => node.name === name);
  assert.ok(index >= 0, `a node button for ${name}: ${JSON.stringify(all)}`);
  return { index, button: page.getByTestId(all[index].testid) };
}

/** The drawing in words (the screen-reader summary). */
const summary = (page) => page.getByTestId("sim-summary").innerText();

/** Whether the summary says node `name` is crashed: "name (role, crashed)". */
const crashedIn = (text, name) => new RegExp(`${escapeRegExp(name)} \\([^()]*, crashed\\)`).test(text);

/** The log's length and last line, to see whether anything was added. */
const logState = (page) =>
  page.evaluate(() => {
    const items = [...document.querySelectorAll("[data-testid=sim-log] li")];
    return { length: items.length, last: items.at(-1)?.textContent ?? null };
  });

/** Waits until the log differs from `before` (a line was added, or the last one changed). */
const waitForLogChange = (page, before) =>
  page.waitForFunction(
    ({ length, last }) => {
      const items = [...document.querySelectorAll("[data-testid=sim-log] li")];
      return items.length !== length || (items.at(-1)?.textContent ?? null) !== last;
    },
    before,
    { polling: 50 },
  );

/** Focuses the drawing, clears its keyboard focus, and moves it to node `index` with ↓. */
async function focusNode(page, index) {
  await page.getByTestId("sim-stage").focus();
  await page.keyboard.press("Escape");
  for (let i = 0; i <= index; i += 1) await page.keyboard.press("ArrowDown");
  return page.getByTestId("sim-focus-announcement").innerText();
}

/**
 * The first message in flight as the drawing announces it ("label · from → to · n% of
 * the way"), pressing Step until one is in flight.
 */
async function messageInFlight(page) {
  for (let i = 0; i < 20; i += 1) {
    await page.getByTestId("sim-stage").focus();
    await page.keyboard.press("Escape");
    await page.keyboard.press("ArrowRight");
    const text = await page.getByTestId("sim-focus-announcement").innerText();
    const match = /^(.+) · (.+) → (.+) · \d+% of the way$/.exec(text);
    if (match) {
      await page.keyboard.press("Escape");
      return { text, label: match[1], from: match[2], to: match[3] };
    }
    await page.getByTestId("sim-step").click();
  }
  assert.fail("no message was ever in flight");
}

/**
 * Clicks node `index` (called `name`) on the drawing. Its keyboard tooltip says where it
 * is drawn; hovering around that point finds where the pointer picks it.
 */
async function clickNode(page, index, name) {
  await page.getByTestId("sim-stage").scrollIntoViewIfNeeded();
  assert.ok((await focusNode(page, index)).startsWith(`${name} · `));
  const anchor = await page.getByTestId("sim-tooltip").evaluate((tip) => ({ x: parseFloat(tip.style.left), y: parseFloat(tip.style.top) }));
  await page.keyboard.press("Escape");
  const box = await page.locator(".sim-canvas").boundingBox();
  const hovered = () => page.evaluate(() => document.querySelector("[data-testid=sim-tooltip]")?.textContent ?? "");
  for (const dx of [0, -30, 30]) {
    for (let dy = -50; dy <= 50; dy += 5) {
      const x = box.x + anchor.x + dx;
      const y = box.y + anchor.y + dy;
      await page.mouse.move(x, y);
      if ((await hovered()).startsWith(`${name} · `)) {
        await page.mouse.click(x, y);
        return;
      }
    }
  }
  assert.fail(`hovering around ${JSON.stringify(anchor)} never picked ${name}`);
}

test("sim: play, pause, step, and scrubbing back undoes sends", async ({ open }) => {
  const page = await openHost(open);
  assert.equal(await nowUs(page), 0, "a run opens at its start");

  // Step processes the next event worth a line; the newest line is of the instant shown.
  const before = await logState(page);
  await page.getByTestId("sim-step").click();
  await waitForLogChange(page, before);
  let afterStep = await nowUs(page);
  const newest = (await logLines(page)).at(-1);
  assert.ok(newest.startsWith(`${formatMs(afterStep)} — `), `the newest line is of ${formatMs(afterStep)}: ${newest}`);
  for (let i = 0; i < 50 && afterStep === 0; i += 1) {
    await page.getByTestId("sim-step").click();
    afterStep = await nowUs(page);
  }
  assert.ok(afterStep > 0, "Step moves on to later events");

  const play = page.getByTestId("sim-play");
  await play.click();
  await waitForSimTimeAtLeast(page, afterStep + 1);
  assert.match(await play.innerText(), /Pause/);
  await play.click();
  assert.match(await play.innerText(), /Play/);
  await waitForFrames(page, 5);
  const paused = await nowUs(page);
  // Positive signal first: the browser painted frames enough for playback to move on.
  await waitForFrames(page, 30);
  assert.equal(await nowUs(page), paused, "time stands still while paused");

  // Time travel: an early instant, the end, and back to the same instant.
  const early = await seek(page, afterStep);
  const countersEarly = await allCounters(page);
  const logEarly = await logLines(page);
  const earlyTenths = Math.floor((early + 50) / 100);
  assert.ok(logEarly.every((line) => lineTenths(line) <= earlyTenths), `only lines up to ${formatMs(early)}:\n${logEarly.join("\n")}`);

  await seekToEnd(page);
  const countersEnd = await allCounters(page);
  assert.ok(parseInt(countersEnd.sent, 10) > parseInt(countersEarly.sent, 10), `more was sent by the end: ${countersEarly.sent} → ${countersEnd.sent}`);
  assert.ok(parseInt(countersEnd.delivered, 10) >= parseInt(countersEarly.delivered, 10));
  await screenshot(page, "sim-run-end", { fullPage: false });

  await seek(page, early);
  assert.deepEqual(await allCounters(page), countersEarly, `scrubbing back to ${formatMs(early)} undoes the later sends`);
  assert.deepEqual(await logLines(page), logEarly, "the log shows the past only, as it was");
});

test("sim: crashing a node shows in the drawing, its state and the log; loss makes drops rise", async ({ open }) => {
  const page = await openHost(open);
  // Crash the node the first message in flight is heading for.
  const message = await messageInFlight(page);
  const target = message.to;
  const { index, button } = await nodeNamed(page, target);
  const at = await nowUs(page);
  assert.equal(await button.innerText(), `Crash ${target}`);
  await button.click();
  assert.equal(await button.innerText(), `Restart ${target}`);
  assert.ok(crashedIn(await summary(page), target), `the summary says ${target} crashed: ${await summary(page)}`);
  assert.match(await focusNode(page, index), new RegExp(`^${escapeRegExp(target)} · .* · crashed$`), "the drawing says so");
  assert.ok((await logLines(page)).includes(`${formatMs(at)} — ${target} crashed (you)`), (await logLines(page)).join("\n"));

  await seekToEnd(page);
  assert.match(await counter(page, "dropped"), /\d+ receiver down/, `"${message.text}" met a crashed receiver`);
  assert.ok((await logLines(page)).some((line) => line.endsWith(`dropped: ${target} is down`)));
  assert.ok(crashedIn(await summary(page), target), "it stays down");
  await screenshot(page, "sim-crashed-node", { fullPage: false });

  // Clicking the node on the drawing opens its menu, which restarts it.
  await clickNode(page, index, target);
  const menu = page.getByRole("group", { name: `Fault actions for ${target}`, exact: true });
  await menu.waitFor();
  await menu.getByRole("button", { name: `Restart ${target}`, exact: true }).click();
  assert.equal(await button.innerText(), `Crash ${target}`);
  assert.equal(crashedIn(await summary(page), target), false, "restarted");

  // Cut a link: its button, the summary and the log say so. With every link cut, each
  // message sent from then on is blocked, and only those already on their way arrive.
  await page.getByTestId("sim-reset").click();
  assert.equal(await nowUs(page), 0);
  const start = await allCounters(page);
  const links = await page.locator('[data-testid^="sim-link-"]').evaluateAll((items) => items.map((item) => item.dataset.testid));
  assert.ok(links.length >= 1, "one button per link");
  const first = page.getByTestId(links[0]);
  const pair = (await first.innerText()).replace(/^Cut /, "");
  await first.click();
  assert.equal(await first.innerText(), `Heal ${pair}`);
  assert.match(await summary(page), new RegExp(`Cut links: ${escapeRegExp(pair)}\\.`));
  assert.ok((await logLines(page)).some((line) => line.endsWith(`— you cut the link ${pair}`)));
  for (const id of links.slice(1)) await page.getByTestId(id).click();
  await seekToEnd(page);
  assert.match(await counter(page, "dropped"), /\d+ cut link/);
  assert.ok(
    (await count(page, "delivered")) <= parseInt(start.delivered, 10) + parseInt(start["in-flight"], 10),
    "only messages already on their way arrive",
  );

  // Loss at 100%: everything sent from now on is lost half-way.
  await page.getByTestId("sim-reset").click();
  assert.equal(await nowUs(page), 0);
  await setRange(page.getByTestId("sim-loss"), 100);
  assert.equal(await page.getByTestId("sim-loss-value").innerText(), "100%");
  assert.ok((await logLines(page)).some((line) => line.endsWith("— you set message loss to 100%")));
  await seekToEnd(page);
  assert.ok((await count(page, "dropped")) >= 1);
  assert.match(await counter(page, "dropped"), /\d+ lost/);
  assert.ok(
    (await count(page, "delivered")) <= parseInt(start.delivered, 10) + parseInt(start["in-flight"], 10),
    "only messages already on their way arrive",
  );
});

test("sim: a copied link reopens the same run at the same instant", async ({ open, context, app }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  const page = await openHost(open);
  const horizon = Number(await page.getByTestId("sim-timeline").getAttribute("max"));
  await setRange(page.getByTestId("sim-loss"), 30);
  await seek(page, Math.round(horizon * 0.2));
  const [node] = await nodes(page);
  await page.getByTestId(node.testid).click();
  assert.equal(await page.getByTestId(node.testid).innerText(), `Restart ${node.name}`);
  const timeBefore = await seek(page, Math.round(horizon * 0.5));
  const before = await allCounters(page);

  await page.getByTestId("sim-copy-link").click();
  await page.getByTestId("sim-copy-status").filter({ hasText: /copied|by hand/ }).waitFor();
  const field = await page.getByTestId("sim-share-link").inputValue();
  const seed = await page.getByTestId("sim-seed").inputValue();
  const scenario = await page.getByTestId("sim-widget").getAttribute("data-scenario");
  assert.ok(field.startsWith(`${app.url}?lesson=${HOST.lesson}&scenario=${scenario}&seed=${seed}&ops=`), field);
  assert.ok(field.endsWith(`&t=${timeBefore}`), field);
  assert.ok(page.url().endsWith(field.slice(app.url.length)), "the address bar holds the same run");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, field, "the clipboard holds the link");

  const again = await context.newPage();
  await again.goto(copied);
  await again.waitForSelector("[data-testid=sim-widget]");
  assert.equal(await nowUs(again), timeBefore);
  assert.deepEqual(await allCounters(again), before);
  assert.equal(await again.getByTestId("sim-loss-value").innerText(), "30%");
  assert.equal(await again.getByTestId(node.testid).innerText(), `Restart ${node.name}`, "the crash replays");
  // The run came back whole (checked above), so an absent notice means nothing was refused.
  assert.equal(await again.getByTestId("sim-notices").count(), 0, "nothing in the link was refused");
  await screenshot(again, "sim-shared-link", { fullPage: false });
});

test("sim: without clipboard access the link is offered to copy by hand", async ({ open, app }) => {
  const page = await openHost(open);
  await page.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true }));
  await page.getByTestId("sim-step").click();
  await page.getByTestId("sim-copy-link").click();
  await page.getByTestId("sim-copy-status").filter({ hasText: /by hand/ }).waitFor();
  const field = page.getByTestId("sim-share-link");
  const seed = await page.getByTestId("sim-seed").inputValue();
  assert.equal(await field.inputValue(), `${app.url}?lesson=${HOST.lesson}&scenario=${HOST.scenario}&seed=${seed}&t=${await nowUs(page)}`);
  const selected = await field.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, await field.inputValue(), "the link is selected, ready for Ctrl+C");
});

test("sim: every control works from the keyboard alone", async ({ open }) => {
  const page = await openHost(open);
  const active = () => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.textContent?.trim());
  const focusIn = (selector) => page.evaluate((s) => Boolean(document.activeElement?.closest(s)), selector);
  const announced = () => page.getByTestId("sim-focus-announcement").innerText();
  const all = await nodes(page);
  const last = all.at(-1);
  const atStart = await allCounters(page);

  // From the simulation tabs (or the top of the page), the drawing is the widget's first tab stop.
  const tab = page.locator("[role=tab][aria-selected=true]");
  if ((await tab.count()) > 0) await tab.focus();
  for (let i = 0; i < 100 && (await active()) !== "sim-stage"; i += 1) {
    assert.equal(await focusIn("[data-testid=sim-widget]"), false, `focus reached ${await active()} before the drawing`);
    await page.keyboard.press("Tab");
  }
  assert.equal(await active(), "sim-stage");

  // ↓/↑ go through the nodes, →/← through the messages in flight.
  await page.keyboard.press("ArrowDown");
  assert.ok((await announced()).startsWith(`${all[0].name} · `), "↓ starts at the first node");
  await page.keyboard.press("ArrowRight");
  if (parseInt(atStart["in-flight"], 10) > 0) {
    assert.match(await announced(), /^.+ · .+ → .+ · \d+% of the way$/, "→ picks a message in flight");
  } else {
    assert.equal(await announced(), "No messages in flight right now.");
  }
  await page.keyboard.press("ArrowUp");
  assert.ok((await announced()).startsWith(`${last.name} · `), "↑ goes to the last node");
  assert.ok((await page.getByTestId("sim-tooltip").innerText()).startsWith(`${last.name} · `), "the drawing labels it too");
  await page.keyboard.press("Enter");
  assert.equal(await active(), `Crash ${last.name}`, "the node menu's first button has focus");
  await page.keyboard.press("Enter");
  assert.ok(crashedIn(await summary(page), last.name), await summary(page));
  assert.equal(await active(), "sim-stage", "focus returns to the drawing");

  // Past whatever the scenario shows under the drawing, on to the transport controls.
  await page.keyboard.press("Tab");
  for (let i = 0; i < 20 && (await focusIn(".sim-readout")); i += 1) await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-play");
  await page.keyboard.press("Space");
  await waitForSimTimeAtLeast(page, 1);
  await page.keyboard.press("Space");
  assert.match(await page.getByTestId("sim-play").innerText(), /Play/);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-step");
  const beforeStep = await logState(page);
  await page.keyboard.press("Enter");
  await waitForLogChange(page, beforeStep);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-reset");
  await page.keyboard.press("Enter");
  assert.equal(await nowUs(page), 0);
  assert.equal(await page.getByTestId(last.testid).innerText(), `Crash ${last.name}`, "reset undoes the crash");
  assert.equal(crashedIn(await summary(page), last.name), false);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-speed");
  const speed = page.getByTestId("sim-speed");
  const speedFrom = Number(await speed.inputValue());
  const speedStep = Number(await speed.getAttribute("step"));
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const speedTo = Number(await speed.inputValue());
  assert.ok(Math.abs(speedTo - (speedFrom + 2 * speedStep)) < 1e-9, `two steps up: ${speedFrom} → ${speedTo}`);
  assert.equal(await page.getByTestId("sim-speed-value").innerText(), `${(10 ** speedTo).toFixed(1)}×`);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-timeline");
  const timeline = page.getByTestId("sim-timeline");
  const max = Number(await timeline.getAttribute("max"));
  const step = Number(await timeline.getAttribute("step"));
  await page.keyboard.press("End");
  assert.equal(await nowUs(page), Math.floor(max / step) * step, "End goes to the end of the run");
  assert.ok((await count(page, "sent")) > parseInt(atStart.sent, 10), "more was sent by the end");
  await page.keyboard.press("Home");
  assert.equal(await nowUs(page), 0);
  assert.deepEqual(await allCounters(page), atStart, "Home is the start again");
  await page.keyboard.press("ArrowRight");
  assert.equal(await nowUs(page), step);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-seed");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("12");
  await page.keyboard.press("Tab");
  assert.equal(await page.getByTestId("sim-seed").inputValue(), "12");
  assert.equal(await active(), "sim-copy-link");
  await page.keyboard.press("Enter");
  // Wait for the outcome: without clipboard access the link field takes the focus.
  await page.getByTestId("sim-copy-status").filter({ hasText: /copied|by hand/ }).waitFor();
  assert.match(await page.getByTestId("sim-share-link").inputValue(), /[?&]seed=12&t=0$/);

  // On to the fault panel, in its order: node buttons, link buttons, then the sliders.
  const controls = await page
    .locator(".sim-faults")
    .locator("button, input, select")
    .evaluateAll((items) => items.map((item) => item.dataset.testid ?? item.outerHTML));
  await page.keyboard.press("Tab");
  if ((await active()) === "sim-share-link") await page.keyboard.press("Tab");
  assert.equal(controls[0], all[0].testid, "the first node button comes first");
  assert.equal(await active(), controls[0]);
  await page.keyboard.press("Space");
  assert.ok(crashedIn(await summary(page), all[0].name), await summary(page));
  const lastLink = controls.findLastIndex((id) => id.startsWith("sim-link-"));
  assert.ok(lastLink > 0, `link buttons follow the node buttons: ${controls.join(", ")}`);
  for (let i = 1; i <= lastLink; i += 1) {
    await page.keyboard.press("Tab");
    assert.equal(await active(), controls[i]);
  }
  const pair = (await page.getByTestId(controls[lastLink]).innerText()).replace(/^Cut /, "");
  await page.keyboard.press("Enter");
  assert.equal(await page.getByTestId(controls[lastLink]).innerText(), `Heal ${pair}`);
  assert.match(await summary(page), new RegExp(`Cut links: ${escapeRegExp(pair)}\\.`));

  // Each slider moves one step from where it stands.
  const nudges = {
    "sim-loss": ["ArrowRight", (v) => `${v + 1}%`],
    "sim-duplication": ["ArrowRight", (v) => `${v + 1}%`],
    "sim-latency-min": ["ArrowRight", (v) => formatMs(Math.round((v + 0.5) * 1000))],
    "sim-latency-max": ["ArrowLeft", (v) => formatMs(Math.round((v - 0.5) * 1000))],
  };
  assert.deepEqual(controls.slice(lastLink + 1), Object.keys(nudges), "every network slider, in order");
  for (const [id, [key, expected]] of Object.entries(nudges)) {
    await page.keyboard.press("Tab");
    assert.equal(await active(), id);
    const from = Number(await page.getByTestId(id).inputValue());
    await page.keyboard.press(key);
    assert.equal(await page.getByTestId(`${id}-value`).innerText(), expected(from), `${key} on ${id} from ${from}`);
  }
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("sim-log-scroll")), true, "the log scrolls by keyboard");
  await screenshot(page, "sim-keyboard", { fullPage: false });
});

test("sim: bad URL values leave notices and defaults, never a broken page", async ({ open }) => {
  const plain = await openHost(open);
  const defaultSeed = await plain.getByTestId("sim-seed").inputValue();
  const horizon = Number(await plain.getByTestId("sim-timeline").getAttribute("max"));
  await plain.close();

  const page = await openHost(open, "&seed=9007199254740993&ops=crash~oops&t=99999999999&set=turbo");
  const notices = await page.getByTestId("sim-notices").innerText();
  assert.match(notices, /larger than/);
  assert.match(notices, /could not be read/);
  assert.match(notices, /past the end/);
  assert.match(notices, /no settings, so “set=turbo” in the link was ignored/);
  assert.equal(await page.getByTestId("sim-seed").inputValue(), defaultSeed, "the default seed");
  assert.equal(await nowUs(page), horizon, "the time is clamped to the end");

  const impossible = await openHost(open, "&ops=1000~1000000000~crash.1_2000~3~loss.50000000");
  assert.match(await impossible.getByTestId("sim-notices").innerText(), /do not fit/);
  assert.match(await impossible.getByTestId("sim-node-1").innerText(), /^Crash /, "the impossible crash was not applied");

  const far = await openHost(open, "&ops=0~0~loss.50000000_0~0~crash.99_0~0~cut.0-99_0~0~pause.1");
  assert.equal(await far.getByTestId("sim-loss-value").innerText(), "100%", "absurd loss is clamped");
  assert.match(await far.getByTestId("sim-notices").innerText(), /name machines this simulation does not have/);
  assert.match(await far.getByTestId("sim-notices").innerText(), /no control for pausing machines/);

  await page.getByTestId("sim-seed").fill("-4");
  await page.getByTestId("sim-seed").press("Tab");
  assert.match(await page.getByTestId("sim-seed-message").innerText(), new RegExp(`Kept seed ${defaultSeed}\\.`));
  await page.getByTestId("sim-seed").fill("1.5");
  await page.getByTestId("sim-seed").press("Tab");
  assert.match(await page.getByTestId("sim-seed-message").innerText(), /not a seed/);
});

test("sim: frames are requested only while playing and visible", async ({ open, context }) => {
  await context.addInitScript(() => {
    window.__frames = 0;
    const request = window.requestAnimationFrame.bind(window);
    // waitForFrames (lib.mjs) counts the browser's own frames with the unwrapped function.
    window.__rawRequestAnimationFrame = request;
    window.requestAnimationFrame = (callback) => {
      window.__frames += 1;
      return request(callback);
    };
  });
  const page = await openHost(open);
  await page.setViewportSize({ width: 900, height: 800 });
  // Interval polling throughout: polling by animation frame would add to the count.
  const POLL = { polling: 50, timeout: 20000 };
  const frames = () => page.evaluate(() => window.__frames);
  /** Frames the widget requested while the browser painted `n` frames: the positive signal. */
  const requestedDuring = async (n = 30) => {
    const start = await frames();
    await waitForFrames(page, n);
    return (await frames()) - start;
  };
  /** Waits until the widget has requested `n` more frames. */
  const requestsMore = async (n) => {
    const start = await frames();
    await page.waitForFunction((target) => window.__frames >= target, start + n, POLL);
  };
  const setHidden = (hidden) =>
    page.evaluate((hidden) => {
      Object.defineProperty(document, "hidden", { value: hidden, configurable: true });
      Object.defineProperty(document, "visibilityState", { value: hidden ? "hidden" : "visible", configurable: true });
      document.dispatchEvent(new Event("visibilitychange"));
    }, hidden);

  assert.equal(await requestedDuring(), 0, "paused: no frames");

  await page.getByTestId("sim-play").click();
  await requestsMore(10); // playing: frames

  await setHidden(true);
  await waitForFrames(page, 5); // time for the widget to stop
  const hiddenAt = await nowUs(page);
  assert.equal(await requestedDuring(), 0, "hidden tab: no frames");
  assert.equal(await nowUs(page), hiddenAt, "hidden tab: time stands still");
  await setHidden(false);
  await requestsMore(5); // visible again: playback resumes

  // Scrolled out of view: wait until the page itself reports the widget out of view.
  await page.evaluate(() => {
    window.__widgetInView = null;
    new IntersectionObserver((entries) => {
      window.__widgetInView = entries.at(-1).isIntersecting;
    }).observe(document.querySelector("[data-testid=sim-widget]"));
  });
  await page.waitForFunction(() => window.__widgetInView === true, null, POLL);
  await page.locator(".lesson-footer, .quiz").last().scrollIntoViewIfNeeded();
  await page.waitForFunction(() => window.__widgetInView === false, null, POLL);
  await waitForFrames(page, 5); // time for the widget to stop
  assert.equal(await requestedDuring(), 0, "scrolled out of view: no frames");
  assert.match(await page.getByTestId("sim-play").innerText(), /Pause/, "still playing, waiting to be seen");
  await page.getByTestId("sim-widget").scrollIntoViewIfNeeded();
  await requestsMore(5); // back in view: playback resumes
});

test("sim: reduced motion, light and dark themes", async ({ open }) => {
  const page = await openHost(open);
  await page.emulateMedia({ reducedMotion: "reduce", colorScheme: "light" });
  await page.getByTestId("sim-step").click();
  await page.getByTestId("sim-stage").focus();
  await page.keyboard.press("ArrowRight");
  await screenshot(page, "sim-light", { fullPage: false });
  const light = await page.locator(".sim-canvas").evaluate((canvas) => canvas.toDataURL());
  await page.getByTestId("theme-toggle").click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  // Positive signal first: the drawing has been repainted with the dark palette.
  await page.waitForFunction((before) => document.querySelector(".sim-canvas").toDataURL() !== before, light, { polling: 100 });
  const darkPixel = await page.evaluate(() => {
    const canvas = document.querySelector(".sim-canvas");
    return Array.from(canvas.getContext("2d").getImageData(canvas.width / 2, 4, 1, 1).data);
  });
  assert.equal(darkPixel[3], 0, "the canvas background is transparent, showing the dark stage");
  await screenshot(page, "sim-dark", { fullPage: false });
  await setViewportAndSettle(page, { width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the widget overflows a phone by ${overflow}px`);
  await page.getByTestId("sim-widget").scrollIntoViewIfNeeded();
  await screenshot(page, "sim-phone-dark", { fullPage: false });
});

test("sim: a run with every machine crashed still plays, and says why nothing moves", async ({ open }) => {
  const page = await openSim(open, "messages", "retry", `&ops=${encodeURIComponent("0~0~crash.0_0~0~crash.1")}`);
  await page.getByTestId("sim-play").click();
  const quiet = page.getByTestId("sim-quiet");
  await page.waitForFunction(() => /Every machine is crashed/.test(document.querySelector("[data-testid=sim-quiet]").textContent));
  const before = await nowUs(page);
  await waitForSimTimeAtLeast(page, before + 1);
  assert.match(await quiet.innerText(), /time still runs to the end/);
  assert.equal(await page.getByTestId("sim-halted").count(), 0, "a quiet run is not a halted one");
});

// Counts the frames painted onto a visible canvas: each one copies the background layer
// in with drawImage.
async function countPaints(context) {
  await context.addInitScript(() => {
    window.__paints = 0;
    const draw = CanvasRenderingContext2D.prototype.drawImage;
    CanvasRenderingContext2D.prototype.drawImage = function (...args) {
      if (this.canvas.isConnected) window.__paints += 1;
      return draw.apply(this, args);
    };
  });
}

test("sim: with nothing in flight the canvas is not painted again while time runs", async ({ open, context }) => {
  await countPaints(context);
  const page = await openSim(open, "messages", "retry", `&ops=${encodeURIComponent("0~0~crash.0_0~0~crash.1")}`);
  await page.getByTestId("sim-play").click();
  await page.waitForFunction(() => /Every machine is crashed/.test(document.querySelector("[data-testid=sim-quiet]").textContent));
  // Once the last loss marks have faded, the picture is still.
  await page.waitForSelector("canvas[data-still=true]");
  const before = await page.evaluate(() => window.__paints);
  assert.ok(before >= 1, "the still picture was painted once");
  // Time's read-out moves on (10 updates a second) several times over.
  for (let i = 0; i < 5; i += 1) await waitForSimTimeAtLeast(page, (await nowUs(page)) + 1);
  assert.equal(await page.evaluate(() => window.__paints), before, "no repaint while nothing moves");

  // The same widget with messages moving paints every frame.
  const busy = await openSim(open, "messages", "retry");
  await busy.getByTestId("sim-play").click();
  await busy.waitForSelector("canvas[data-still=false]");
  const busyStart = await busy.evaluate(() => window.__paints);
  for (let i = 0; i < 5; i += 1) await waitForSimTimeAtLeast(busy, (await nowUs(busy)) + 1);
  const painted = (await busy.evaluate(() => window.__paints)) - busyStart;
  assert.ok(painted >= 5, `a moving run paints its frames (${painted})`);
});
