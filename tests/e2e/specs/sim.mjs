// The simulation widget: transport, time travel, faults, share links, keyboard use,
// bad URL values, and animating only while playing and visible. The widget is driven
// through the scenarios of the "messages" lesson.
import assert from "node:assert/strict";
import { screenshot, test } from "../lib.mjs";

/** Opens a scenario of the messages lesson and waits for its widget. */
export async function openScenario(open, scenario, extra = "", options = {}) {
  const page = await open(`?lesson=messages&scenario=${scenario}${extra}`, {
    waitFor: "[data-testid=sim-widget]",
    ...options,
  });
  await page.waitForFunction(() => {
    const canvas = document.querySelector(".sim-canvas");
    return canvas && canvas.width > 0;
  });
  return page;
}

/** Simulated time now, in microseconds. */
export async function nowUs(page) {
  return Number(await page.getByTestId("sim-time").getAttribute("data-now-us"));
}

/** A counter of the counters panel, as shown (e.g. "2 (1 lost)"). */
export async function counter(page, key) {
  return (await page.locator(`[data-counter="${key}"]`).innerText()).trim();
}

/** The leading number of a counter. */
export async function count(page, key) {
  return parseInt(await counter(page, key), 10);
}

/** Sets a range input as a user releasing the thumb would (input, then change). */
export async function setRange(locator, value) {
  await locator.evaluate((element, v) => {
    element.value = String(v);
    element.dispatchEvent(new Event("input", { bubbles: true }));
    element.dispatchEvent(new Event("change", { bubbles: true }));
  }, value);
}

/** Moves the timeline to `timeUs` and waits until the widget shows it. */
export async function seek(page, timeUs) {
  await setRange(page.getByTestId("sim-timeline"), timeUs);
  await page.waitForFunction((t) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) === t, timeUs);
}

/** Moves the timeline to its end. */
export async function seekToEnd(page) {
  const end = Number(await page.getByTestId("sim-timeline").getAttribute("max"));
  await seek(page, end);
  return end;
}

/** All event log lines. */
export async function logLines(page) {
  return page.getByTestId("sim-log").locator("li").allInnerTexts();
}

/** Every counter of the panel, by key, as shown. */
async function allCounters(page) {
  return page.locator("[data-counter]").evaluateAll((items) =>
    Object.fromEntries(items.map((item) => [item.dataset.counter, item.textContent.trim()])),
  );
}

/** Where node `index` of a scenario is drawn, in page coordinates (mirrors canvas/geometry.rs). */
async function nodeCentre(page, layout) {
  const box = await page.getByTestId("sim-stage").boundingBox();
  const cardWidth = Math.min(150, Math.max(78, box.width / 4.4));
  const insetX = cardWidth / 2 + 6;
  const insetY = 58 / 2 + 6;
  return {
    x: box.x + insetX + layout[0] * (box.width - 2 * insetX),
    y: box.y + insetY + layout[1] * (box.height - 2 * insetY),
  };
}

test("sim: play, pause, step, and scrubbing back undoes sends", async ({ open }) => {
  const page = await openScenario(open, "sequence");
  assert.equal(await nowUs(page), 0);
  assert.equal(await count(page, "sent"), 1, "the user's request leaves at t = 0");

  await page.getByTestId("sim-step").click();
  const afterStep = await nowUs(page);
  assert.ok(afterStep > 0, "Step moves to the next event");
  assert.equal(await count(page, "sent"), 3, "A fans out a Query and an Update");
  assert.ok((await logLines(page)).some((line) => /Server A receives Request from User/.test(line)));

  const play = page.getByTestId("sim-play");
  await play.click();
  await assert.doesNotReject(page.waitForFunction((t) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > t + 2000, afterStep));
  assert.match(await play.innerText(), /Pause/);
  await play.click();
  assert.match(await play.innerText(), /Play/);
  const paused = await nowUs(page);
  await page.waitForTimeout(600);
  assert.equal(await nowUs(page), paused, "time stands still while paused");

  await seekToEnd(page);
  assert.equal(await count(page, "sent"), 6);
  assert.equal(await count(page, "delivered"), 6);
  await screenshot(page, "sim-sequence-end", { fullPage: false });

  await seek(page, 3000);
  assert.equal(await count(page, "sent"), 1, "scrubbing back to 3 ms leaves only the first request sent");
  assert.equal(await count(page, "in-flight"), 1);
  const log = await logLines(page);
  assert.ok(log.every((line) => !/Result/.test(line)), "the log shows the past only");
});

test("sim: crashing a node shows in the drawing, its state and the log; loss makes drops rise", async ({ open }) => {
  const page = await openScenario(open, "sequence");
  await page.getByRole("button", { name: "Crash Server B" }).click();
  await page.getByRole("button", { name: "Restart Server B" }).waitFor();
  assert.match(await page.getByTestId("sim-summary").innerText(), /Server B \(reads, crashed\)/);
  assert.ok((await logLines(page)).some((line) => /0\.0 ms — Server B crashed \(you\)/.test(line)));
  await seekToEnd(page);
  assert.match(await counter(page, "dropped"), /^1 \(1 receiver down\)$/);
  assert.ok((await logLines(page)).some((line) => /Query dropped: Server B is down/.test(line)));
  assert.match(await page.getByTestId("sim-summary").innerText(), /Server A \(front end, waiting for B\)/);
  await screenshot(page, "sim-crashed-node", { fullPage: false });

  // Clicking a node on the drawing opens its menu.
  const where = await nodeCentre(page, [1.0, 0.08]);
  await page.mouse.click(where.x, where.y);
  const restart = page.locator(".sim-node-menu").getByRole("button", { name: "Restart Server B" });
  await restart.waitFor();
  await restart.click();
  assert.match(await page.getByTestId("sim-summary").innerText(), /Server B \(reads, answered 0\)/);

  // Cut a link: dashed with a cross, and messages across it are dropped.
  await page.getByTestId("sim-reset").click();
  await page.getByRole("button", { name: "Cut Server A–Server C" }).click();
  await page.getByRole("button", { name: "Heal Server A–Server C" }).waitFor();
  assert.match(await page.getByTestId("sim-summary").innerText(), /Cut links: Server A–Server C/);
  await seekToEnd(page);
  assert.match(await counter(page, "dropped"), /1 cut link/);

  // Loss at 100%: everything sent from now on is lost half-way.
  await page.getByTestId("sim-reset").click();
  await setRange(page.getByTestId("sim-loss"), 100);
  assert.equal(await page.getByTestId("sim-loss-value").innerText(), "100%");
  assert.ok((await logLines(page)).some((line) => /you set message loss to 100%/.test(line)));
  await seekToEnd(page);
  assert.ok(await count(page, "dropped") >= 1);
  assert.match(await counter(page, "dropped"), /lost/);
  assert.equal(await count(page, "delivered"), 1, "only the request already on its way arrives");
});

test("sim: a copied link reopens the same run at the same instant", async ({ open, context, app }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  const page = await openScenario(open, "retry");
  await setRange(page.getByTestId("sim-loss"), 30);
  await seek(page, 48_000);
  await page.getByRole("button", { name: "Crash Server" }).click();
  await seek(page, 71_500);
  const before = await allCounters(page);
  const timeBefore = await nowUs(page);

  await page.getByTestId("sim-copy-link").click();
  await page.getByTestId("sim-copy-status").filter({ hasText: /copied|by hand/ }).waitFor();
  const field = await page.getByTestId("sim-share-link").inputValue();
  assert.ok(field.startsWith(app.url + "?lesson=messages&scenario=retry&seed=7&ops="), field);
  assert.match(field, /&t=71500$/);
  assert.ok(page.url().endsWith(field.slice(app.url.length)), "the address bar holds the same run");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(copied, field, "the clipboard holds the link");

  const again = await context.newPage();
  await again.goto(copied);
  await again.waitForSelector("[data-testid=sim-widget]");
  assert.equal(await nowUs(again), timeBefore);
  assert.deepEqual(await allCounters(again), before);
  assert.equal(await again.getByTestId("sim-loss-value").innerText(), "30%");
  await again.getByRole("button", { name: "Restart Server" }).waitFor();
  assert.equal(await again.getByTestId("sim-notices").count(), 0, "nothing in the link was refused");
  await screenshot(again, "sim-shared-link", { fullPage: false });
});

test("sim: without clipboard access the link is offered to copy by hand", async ({ open, app }) => {
  const page = await openScenario(open, "sequence");
  await page.evaluate(() => Object.defineProperty(navigator, "clipboard", { value: undefined, configurable: true }));
  await page.getByTestId("sim-step").click();
  await page.getByTestId("sim-copy-link").click();
  await page.getByTestId("sim-copy-status").filter({ hasText: /by hand/ }).waitFor();
  const field = page.getByTestId("sim-share-link");
  assert.equal(await field.inputValue(), `${app.url}?lesson=messages&scenario=sequence&seed=7&t=${await nowUs(page)}`);
  const selected = await field.evaluate((el) => el.value.slice(el.selectionStart, el.selectionEnd));
  assert.equal(selected, await field.inputValue(), "the link is selected, ready for Ctrl+C");
});

test("sim: every control works from the keyboard alone", async ({ open }) => {
  const page = await openScenario(open, "sequence");
  const active = () => page.evaluate(() => document.activeElement?.dataset.testid ?? document.activeElement?.textContent?.trim());
  const announced = () => page.getByTestId("sim-focus-announcement").innerText();

  // Start from the tab list and Tab into the widget.
  await page.locator("[role=tab][aria-selected=true]").focus();
  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-stage");

  // Arrow keys go through the nodes and the messages in flight.
  await page.keyboard.press("ArrowDown");
  assert.match(await announced(), /^User · user/);
  await page.keyboard.press("ArrowRight");
  assert.match(await announced(), /^Request · User → Server A · 0% of the way/);
  await page.keyboard.press("ArrowUp");
  assert.match(await announced(), /^Server C · writes/);
  assert.match(await page.getByTestId("sim-tooltip").innerText(), /Server C/);
  await page.keyboard.press("Enter");
  assert.equal(await active(), "Crash Server C", "the node menu's first button has focus");
  await page.keyboard.press("Enter");
  assert.match(await page.getByTestId("sim-summary").innerText(), /Server C \(writes, crashed\)/);
  assert.equal(await active(), "sim-stage", "focus returns to the drawing");

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-play");
  await page.keyboard.press("Space");
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > 0);
  await page.keyboard.press("Space");
  assert.match(await page.getByTestId("sim-play").innerText(), /Play/);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-step");
  const beforeStep = await count(page, "sent") + (await logLines(page)).length;
  await page.keyboard.press("Enter");
  assert.ok((await count(page, "sent")) + (await logLines(page)).length > beforeStep, "Step adds an event");

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-reset");
  await page.keyboard.press("Enter");
  assert.equal(await nowUs(page), 0);
  assert.match(await page.getByTestId("sim-summary").innerText(), /Server C \(writes, applied 0\)/, "reset undoes the crash");

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-speed");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByTestId("sim-speed-value").innerText(), "1.3×");

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-timeline");
  await page.keyboard.press("End");
  assert.equal(await nowUs(page), 90_000);
  assert.equal(await count(page, "sent"), 6);
  await page.keyboard.press("Home");
  assert.equal(await nowUs(page), 0);
  await page.keyboard.press("ArrowRight");
  assert.equal(await nowUs(page), 300);

  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-seed");
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("12");
  await page.keyboard.press("Tab");
  assert.equal(await page.getByTestId("sim-seed").inputValue(), "12");
  assert.equal(await active(), "sim-copy-link");
  await page.keyboard.press("Enter");
  await page.getByTestId("sim-share-link").waitFor();
  assert.match(await page.getByTestId("sim-share-link").inputValue(), /seed=12&t=0$/);

  // On to the fault panel: node buttons, link buttons, then the sliders.
  await page.keyboard.press("Tab");
  if ((await active()) === "sim-share-link") await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-node-0");
  await page.keyboard.press("Space");
  assert.match(await page.getByTestId("sim-summary").innerText(), /User \(user, crashed\)/);
  for (let i = 0; i < 9; i += 1) await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-link-2-3");
  await page.keyboard.press("Enter");
  assert.match(await page.getByTestId("sim-summary").innerText(), /Cut links: Server B–Server C/);
  await page.keyboard.press("Tab");
  assert.equal(await active(), "sim-loss");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByTestId("sim-loss-value").innerText(), "1%");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByTestId("sim-duplication-value").innerText(), "1%");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowRight");
  assert.equal(await page.getByTestId("sim-latency-min-value").innerText(), "4.5 ms");
  await page.keyboard.press("Tab");
  await page.keyboard.press("ArrowLeft");
  assert.equal(await page.getByTestId("sim-latency-max-value").innerText(), "13.5 ms");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.classList.contains("sim-log-scroll")), true, "the log scrolls by keyboard");
  await screenshot(page, "sim-keyboard", { fullPage: false });
});

test("sim: bad URL values leave notices and defaults, never a broken page", async ({ open }) => {
  const page = await openScenario(open, "retry", "&seed=9007199254740993&ops=crash~oops&t=99999999999&set=turbo");
  const notices = await page.getByTestId("sim-notices").innerText();
  assert.match(notices, /larger than/);
  assert.match(notices, /could not be read/);
  assert.match(notices, /past the end/);
  assert.match(notices, /no settings, so “set=turbo” in the link was ignored/);
  assert.equal(await page.getByTestId("sim-seed").inputValue(), "7", "the default seed");
  assert.equal(await nowUs(page), 160_000, "the time is clamped to the end");

  const impossible = await openScenario(open, "retry", "&ops=1000~1000000000~crash.1_2000~3~loss.50000000");
  assert.match(await impossible.getByTestId("sim-notices").innerText(), /do not fit/);
  assert.equal(await impossible.getByRole("button", { name: "Crash Server" }).count(), 1, "the impossible crash was not applied");

  const far = await openScenario(open, "retry", "&ops=0~0~loss.50000000_0~0~crash.99");
  assert.equal(await far.getByTestId("sim-loss-value").innerText(), "100%", "absurd loss is clamped");
  assert.equal(await far.getByTestId("sim-notices").count(), 0);

  await page.getByTestId("sim-seed").fill("-4");
  await page.getByTestId("sim-seed").press("Tab");
  assert.match(await page.getByTestId("sim-seed-message").innerText(), /Kept seed 7/);
  await page.getByTestId("sim-seed").fill("1.5");
  await page.getByTestId("sim-seed").press("Tab");
  assert.match(await page.getByTestId("sim-seed-message").innerText(), /not a seed/);
});

test("sim: frames are requested only while playing and visible", async ({ open, context }) => {
  await context.addInitScript(() => {
    window.__frames = 0;
    const request = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (callback) => {
      window.__frames += 1;
      return request(callback);
    };
  });
  const page = await openScenario(open, "retry");
  await page.setViewportSize({ width: 900, height: 800 });
  const framesDuring = async (ms) => {
    const start = await page.evaluate(() => window.__frames);
    await page.waitForTimeout(ms);
    return (await page.evaluate(() => window.__frames)) - start;
  };
  assert.equal(await framesDuring(800), 0, "paused: no frames");

  await page.getByTestId("sim-play").click();
  assert.ok((await framesDuring(800)) > 10, "playing: frames");

  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: true, configurable: true });
    Object.defineProperty(document, "visibilityState", { value: "hidden", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  await page.waitForTimeout(100);
  assert.equal(await framesDuring(800), 0, "hidden tab: no frames");
  await page.evaluate(() => {
    Object.defineProperty(document, "hidden", { value: false, configurable: true });
    Object.defineProperty(document, "visibilityState", { value: "visible", configurable: true });
    document.dispatchEvent(new Event("visibilitychange"));
  });
  assert.ok((await framesDuring(500)) > 5, "visible again: playback resumes");

  await page.locator(".lesson-footer, .quiz").last().scrollIntoViewIfNeeded();
  await page.waitForTimeout(200);
  assert.equal(await framesDuring(800), 0, "scrolled out of view: no frames");
  assert.match(await page.getByTestId("sim-play").innerText(), /Pause/, "still playing, waiting to be seen");
  await page.getByTestId("sim-widget").scrollIntoViewIfNeeded();
  assert.ok((await framesDuring(500)) > 5, "back in view: playback resumes");
});

test("sim: reduced motion, light and dark themes", async ({ open }) => {
  const page = await openScenario(open, "sequence", "&t=9000");
  await page.emulateMedia({ reducedMotion: "reduce", colorScheme: "light" });
  await page.getByTestId("sim-stage").focus();
  await page.keyboard.press("ArrowRight");
  await screenshot(page, "sim-light", { fullPage: false });
  await page.getByTestId("theme-toggle").click();
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark");
  await page.waitForTimeout(200);
  const darkPixel = await page.evaluate(() => {
    const canvas = document.querySelector(".sim-canvas");
    return Array.from(canvas.getContext("2d").getImageData(canvas.width / 2, 4, 1, 1).data);
  });
  assert.equal(darkPixel[3], 0, "the canvas background is transparent, showing the dark stage");
  await screenshot(page, "sim-dark", { fullPage: false });
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the widget overflows a phone by ${overflow}px`);
  await page.getByTestId("sim-widget").scrollIntoViewIfNeeded();
  await screenshot(page, "sim-phone-dark", { fullPage: false });
});
