// Keyboard only, through one whole lesson (messages): the skip link, the text's "Open"
// buttons, the simulation tabs (ARIA tabs pattern: arrows, Home, End, one tab stop), the
// transport, the speed and fault sliders, crashing and restarting machines from the
// fault panel and from the drawing's node menu, and quiz answers of five kinds. The page
// is driven with page.keyboard alone; locators and evaluate only read what it shows.
//
// Focus is always visible: after every key press something other than the body has
// focus, on screen, with a focus ring (main.css `:focus-visible`: a 3px solid outline).
// Focus is never trapped: Tab goes all the way round the page and comes back to the first
// stop, Shift+Tab goes round the other way through the very same stops, and focus gets
// out of the drawing's node menu and cycles inside the open Embed dialog until Escape
// returns it to its opener. A control focused with Shift+Tab is not hidden under the
// sticky header either.
import assert from "node:assert/strict";
import { test } from "../lib.mjs";

const LESSON = "?lesson=messages";
/** Presses before a lap round the page counts as trapped. */
const MAX_PRESSES = 400;
const QUICK = { polling: 50, timeout: 5000 };

/**
 * In the page: what has focus, whether its focus indicator and its box show, and an
 * identity that stays the same while the element lives (radio buttons of one group share
 * one, being one tab stop). `obscured`, when asked: whether no sampled point of the
 * element is the topmost thing there (hidden under something else, e.g. a sticky header).
 */
function inspectFocus(withObscured) {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return { none: true };
  window.__kbKeys ??= new WeakMap();
  window.__kbNext ??= 1;
  if (!window.__kbKeys.has(el)) window.__kbKeys.set(el, window.__kbNext++);
  const style = getComputedStyle(el);
  const transparent = (color) => color === "transparent" || /rgba\(.*,\s*0\)$/.test(color);
  const outline =
    style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0 && !transparent(style.outlineColor);
  const shadow = style.boxShadow !== "none" && style.boxShadow !== "";
  const rects = [...el.getClientRects()].filter((r) => r.width >= 2 && r.height >= 2);
  const onScreen = rects.some((r) => r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth);
  let obscured = null;
  if (withObscured) {
    const shows = (x, y) => {
      const hit = document.elementFromPoint(x, y);
      return Boolean(hit && (hit === el || el.contains(hit)));
    };
    obscured = true;
    for (const r of rects) {
      const left = Math.max(r.left, 0), right = Math.min(r.right, innerWidth);
      const top = Math.max(r.top, 0), bottom = Math.min(r.bottom, innerHeight);
      if (right - left < 1 || bottom - top < 1) continue;
      const xs = [left + 1, (left + right) / 2, right - 1], ys = [top + 1, (top + bottom) / 2, bottom - 1];
      if (xs.some((x) => ys.some((y) => shows(x, y)))) obscured = false;
    }
  }
  const key = window.__kbKeys.get(el);
  const radio = el.matches("input[type=radio]") && el.name;
  const label = (el.getAttribute("aria-label") || el.textContent || el.value || "").trim().replace(/\s+/g, " ");
  return {
    none: false,
    key,
    stop: radio ? `radio:${el.name}` : `el:${key}`,
    ring: outline || shadow,
    onScreen,
    obscured,
    top: Math.round(rects[0]?.top ?? NaN),
    desc: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.dataset.testid ? `[${el.dataset.testid}]` : ""}${el.type && el.tagName === "INPUT" ? `(${el.type})` : ""} “${label.slice(0, 40)}”`,
    testid: el.dataset.testid ?? null,
    id: el.id || null,
    role: el.getAttribute("role"),
    question: el.closest("fieldset.quiz-question")?.dataset.question ?? null,
    inDialog: Boolean(el.closest("dialog[open]")),
    inMenu: Boolean(el.closest("[data-testid=sim-node-menu]")),
  };
}

const focused = (page, withObscured = false) => page.evaluate(inspectFocus, withObscured);

/** Asserts that focus is on an element of the page, on screen, with a visible ring. */
function assertVisible(now, after) {
  assert.ok(!now.none, `after ${after}, nothing has focus (document.activeElement is the body)`);
  assert.ok(now.ring, `after ${after}, no visible focus indicator on ${now.desc}`);
  assert.ok(now.onScreen, `after ${after}, the focused ${now.desc} is not on screen`);
}

/** Presses `key`; focus must then be visible somewhere on the page. */
async function press(page, key) {
  await page.keyboard.press(key);
  const now = await focused(page);
  assertVisible(now, key);
  return now;
}

/**
 * Tabs (forwards or backwards, whichever way `selector` lies from what has focus) until
 * the focused element matches `selector`; focus must be visible after every press.
 */
async function tabTo(page, selector, max = 150) {
  const way = await page.evaluate((sel) => {
    const target = document.querySelector(sel);
    if (!target) return null;
    const active = document.activeElement;
    if (active?.matches(sel)) return "here";
    if (!active || active === document.body) return "Tab";
    return active.compareDocumentPosition(target) & Node.DOCUMENT_POSITION_FOLLOWING ? "Tab" : "Shift+Tab";
  }, selector);
  assert.ok(way, `nothing on the page matches ${selector}`);
  if (way === "here") return focused(page);
  for (let i = 0; i < max; i++) {
    const now = await press(page, way);
    if (await page.evaluate((sel) => document.activeElement.matches(sel), selector)) return now;
  }
  throw new Error(`${way} × ${max} never reached ${selector}`);
}

/**
 * Tabs round with `key` from where focus is until the first stop of the lap comes round
 * again, within MAX_PRESSES. Every stop must show a ring and be on screen (or, with
 * `problems`, each failure is listed there instead); no stop may come twice before the
 * first comes round (that would be a trap); the browser's own stop past the end of the
 * page (nothing focused) may come at most once. With `closesAtEnd` (a lap of the whole
 * page, started at its first or last stop), that stop comes right before the lap closes.
 * Returns the stops in order.
 */
async function lap(page, key, { problems, withObscured = false, closesAtEnd = true } = {}) {
  const stops = [];
  const seen = new Map();
  let outside = 0;
  let previousNone = false;
  for (let i = 0; i < MAX_PRESSES; i++) {
    await page.keyboard.press(key);
    const now = await focused(page, withObscured);
    if (now.none) {
      if (!stops.length) continue; // leaving the first element backwards: the start of the lap
      outside += 1;
      assert.ok(outside <= 1, `${key}: focus left the page ${outside} times in one lap`);
      previousNone = true;
      continue;
    }
    if (stops.length && now.stop === stops[0].stop) {
      if (closesAtEnd) {
        assert.ok(previousNone, `${key}: came back to ${now.desc} after ${stops.at(-1).desc}, without reaching the end of the page`);
      }
      return stops;
    }
    if (closesAtEnd && previousNone) {
      throw new Error(`${key}: after the end of the page focus went to ${now.desc}, not back to ${stops[0].desc}`);
    }
    previousNone = false;
    if (seen.has(now.stop)) {
      const from = seen.get(now.stop);
      const cycle = stops.slice(from).map((s) => s.desc).join(" → ");
      throw new Error(`${key}: focus is trapped, it cycles ${cycle} → ${now.desc} and never comes back to ${stops[0].desc}`);
    }
    if (problems) {
      if (!now.ring) problems.push(`${key}: no visible focus indicator on ${now.desc}`);
      if (!now.onScreen) problems.push(`${key}: ${now.desc} is focused off screen`);
      if (withObscured && now.obscured) problems.push(`${key}: ${now.desc} is focused but hidden under another element (top ${now.top}px)`);
    } else {
      assertVisible(now, key);
    }
    seen.set(now.stop, stops.length);
    stops.push(now);
  }
  throw new Error(`${key} × ${MAX_PRESSES} never came round: focus is trapped after ${stops.at(-1)?.desc}`);
}

/** Waits until `fn(arg)` holds in the page; says `what` when it never does. */
async function until(page, what, fn, arg) {
  try {
    await page.waitForFunction(fn, arg, QUICK);
  } catch (error) {
    throw new Error(`never happened: ${what}\n${error.message.split("\n")[0]}`);
  }
}

const widget = "#sim-panel [data-testid=sim-widget]";
const inWidget = (testid) => `${widget} [data-testid=${testid}]`;
const simNow = (page) => page.locator(inWidget("sim-time")).getAttribute("data-now-us").then(Number);

/** Waits until the lesson's widget has mounted scenario `name`. */
const waitForScenario = (page, name) =>
  until(page, `the panel shows scenario ${name}`, (n) => document.querySelector("#sim-panel [data-testid=sim-widget]")?.dataset.scenario === n, name);

/** Waits until a line of the widget's log matches `pattern` (source, flags). */
const waitForLog = (page, pattern) =>
  until(
    page,
    `a log line matching ${pattern}`,
    ([source, flags]) =>
      [...document.querySelectorAll("#sim-panel [data-testid=sim-log] li")].some((li) => new RegExp(source, flags).test(li.textContent)),
    [pattern.source, pattern.flags],
  );

/** The tabs as the tab list shows them: id, aria-selected, tabindex. */
const tabState = (page) =>
  page.locator(".sim-tabs [role=tab]").evaluateAll((tabs) =>
    tabs.map((t) => ({ id: t.id, selected: t.getAttribute("aria-selected"), tabindex: t.getAttribute("tabindex"), controls: t.getAttribute("aria-controls") })),
  );

/** After an arrow, Home or End on the tab list: `name` is selected, focused and shown. */
async function assertTab(page, name, after) {
  await waitForScenario(page, name);
  const now = await focused(page);
  assertVisible(now, after);
  assert.equal(now.id, `tab-${name}`, `after ${after}, focus is on the tab ${name}`);
  const tabs = await tabState(page);
  for (const tab of tabs) {
    const mine = tab.id === `tab-${name}`;
    assert.equal(tab.selected, String(mine), `after ${after}: aria-selected of ${tab.id}`);
    assert.equal(tab.tabindex, mine ? "0" : "-1", `after ${after}: only the selected tab is a tab stop (${tab.id})`);
    assert.equal(tab.controls, "sim-panel");
  }
  assert.equal(await page.locator("#sim-panel").getAttribute("role"), "tabpanel");
}

/** A quiz question's card. */
const question = (id) => `fieldset.quiz-question[data-question="${id}"]`;

/** Waits for a question's feedback; returns its class (`quiz-feedback-correct` or `-wrong`). */
async function waitForFeedback(page, id) {
  await until(page, `feedback on question ${id}`, (sel) => Boolean(document.querySelector(`${sel} [data-testid=quiz-feedback]`)), question(id));
  return page.locator(`${question(id)} [data-testid=quiz-feedback]`).getAttribute("class");
}

test("keyboard: a whole lesson by keyboard alone — tabs, transport, faults, node menu, quiz", async ({ open }) => {
  const page = await open(LESSON, { waitFor: widget });
  await waitForScenario(page, "sequence");

  // The skip link comes first, shows itself when focused, and jumps to the lesson.
  const skip = await press(page, "Tab");
  assert.match(skip.desc, /Skip to content/, "the first stop is the skip link");
  await page.keyboard.press("Enter");
  await until(page, "the address ends in #main", () => location.hash === "#main");
  const inMain = await press(page, "Tab");
  assert.equal(inMain.testid, "embed-button", "after the skip link, Tab starts in the lesson");

  // A button in the text opens its simulation and hands focus to its tab.
  await tabTo(page, '.reading button[data-scenario="what-happened"]');
  await page.keyboard.press("Enter");
  await assertTab(page, "what-happened", "Enter on “Open …” in the text");

  // The tab list: arrows, wrapping, Home and End; the panel follows.
  const names = (await tabState(page)).map((t) => t.id.replace(/^tab-/, ""));
  assert.deepEqual(names, ["sequence", "retry", "what-happened"], "the lesson's tabs");
  for (const [key, name] of [
    ["Home", "sequence"],
    ["ArrowRight", "retry"],
    ["End", "what-happened"],
    ["ArrowRight", "sequence"],
    ["ArrowLeft", "what-happened"],
    ["ArrowLeft", "retry"],
    ["Home", "sequence"],
  ]) {
    await page.keyboard.press(key);
    await assertTab(page, name, key);
  }
  // One tab stop: Tab leaves the list for the panel, Shift+Tab comes back to the selected tab.
  const stage = await press(page, "Tab");
  assert.equal(stage.testid, "sim-stage", "Tab from the selected tab goes into the panel, not to the next tab");
  assert.equal((await press(page, "Shift+Tab")).id, "tab-sequence", "Shift+Tab returns to the selected tab");

  // Transport: Play (Enter), Pause (Space), Step (Enter, then Space), Reset.
  await tabTo(page, inWidget("sim-play"));
  assert.equal(await simNow(page), 0, "the run starts at 0");
  await page.keyboard.press("Enter");
  await until(page, "Play turns into Pause", (sel) => /Pause/.test(document.querySelector(sel).textContent), inWidget("sim-play"));
  await until(page, "simulated time runs", (sel) => Number(document.querySelector(sel).dataset.nowUs) > 0, inWidget("sim-time"));
  await page.keyboard.press("Space");
  await until(page, "Pause turns back into Play", (sel) => /Play/.test(document.querySelector(sel).textContent), inWidget("sim-play"));
  assertVisible(await focused(page), "Space on Pause");
  const paused = await simNow(page);
  const stepButton = await tabTo(page, inWidget("sim-step"));
  await page.keyboard.press("Enter");
  await until(page, "Step (Enter) moves time on", ([sel, t]) => Number(document.querySelector(sel).dataset.nowUs) > t, [inWidget("sim-time"), paused]);
  const stepped = await simNow(page);
  await page.keyboard.press("Space");
  await until(page, "Step (Space) moves time on", ([sel, t]) => Number(document.querySelector(sel).dataset.nowUs) > t, [inWidget("sim-time"), stepped]);
  assert.equal((await focused(page)).key, stepButton.key, "focus stays on Step");
  await tabTo(page, inWidget("sim-reset"));
  await page.keyboard.press("Enter");
  await until(page, "Reset goes back to 0", (sel) => Number(document.querySelector(sel).dataset.nowUs) === 0, inWidget("sim-time"));
  assert.equal((await focused(page)).testid, "sim-reset", "focus stays on Reset");

  // The speed slider moves with the arrows.
  await tabTo(page, inWidget("sim-speed"));
  const speedShown = await page.locator(inWidget("sim-speed-value")).innerText();
  await page.keyboard.press("ArrowRight");
  await until(page, "the speed shown changes", ([sel, before]) => document.querySelector(sel).textContent.trim() !== before, [inWidget("sim-speed-value"), speedShown.trim()]);

  // Crash and restart a machine from the fault panel: the button relabels, keeps focus,
  // and the log says so.
  const crashB = await tabTo(page, inWidget("sim-node-2"));
  assert.match(crashB.desc, /Crash Server B/);
  await page.keyboard.press("Enter");
  await until(page, "the button offers to restart Server B", (sel) => /Restart Server B/.test(document.querySelector(sel).textContent), inWidget("sim-node-2"));
  await waitForLog(page, /Server B crashed \(you\)/);
  assert.equal((await focused(page)).key, crashB.key, "focus stays on the node's button");
  await page.keyboard.press("Space");
  await until(page, "the button offers to crash Server B again", (sel) => /Crash Server B/.test(document.querySelector(sel).textContent), inWidget("sim-node-2"));
  await waitForLog(page, /Server B restarted \(you\)/);
  assertVisible(await focused(page), "Space on Restart");

  // Cut and heal a link.
  await tabTo(page, inWidget("sim-link-1-2"));
  await page.keyboard.press("Enter");
  await waitForLog(page, /you cut the link Server A–Server B/);
  await page.keyboard.press("Enter");
  await waitForLog(page, /you healed the link Server A–Server B/);

  // A fault slider: arrows step it, End and Home jump; the value, its read-out and the
  // log follow.
  const loss = inWidget("sim-loss");
  await tabTo(page, loss);
  assert.equal(await page.locator(loss).inputValue(), "0");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await until(page, "the loss slider reads 5", (sel) => document.querySelector(sel).value === "5", loss);
  await until(page, "the read-out shows 5%", (sel) => /\b5\s*%/.test(document.querySelector(sel).textContent), inWidget("sim-loss-value"));
  assert.match(await page.locator(loss).getAttribute("aria-valuetext"), /5\s*%/);
  await waitForLog(page, /you set message loss to 5\s*%/);
  await page.keyboard.press("End");
  await until(page, "End: the loss slider reads 100", (sel) => document.querySelector(sel).value === "100", loss);
  await waitForLog(page, /you set message loss to 100\s*%/);
  await page.keyboard.press("Home");
  await until(page, "Home: the loss slider reads 0", (sel) => document.querySelector(sel).value === "0", loss);
  await until(page, "the read-out shows 0%", (sel) => /\b0\s*%/.test(document.querySelector(sel).textContent), inWidget("sim-loss-value"));
  assertVisible(await focused(page), "Home on the loss slider");

  // The drawing: back to it, ↑/↓ pick a machine (announced), Enter opens its menu with
  // focus inside, Enter crashes; focus returns to the drawing; again to restart.
  await tabTo(page, inWidget("sim-stage"));
  const announced = inWidget("sim-focus-announcement");
  const announcement = (text) =>
    until(page, `the drawing announces ${text}`, ([sel, t]) => document.querySelector(sel)?.textContent.startsWith(t), [announced, text]);
  await page.keyboard.press("ArrowDown");
  await announcement("User");
  await page.keyboard.press("ArrowDown");
  await announcement("Server A");
  await page.keyboard.press("ArrowUp");
  await announcement("User");
  await page.keyboard.press("ArrowDown");
  await announcement("Server A");
  assert.equal((await focused(page)).testid, "sim-stage", "arrows keep focus on the drawing");
  const menu = inWidget("sim-node-menu");
  await page.keyboard.press("Enter");
  await until(page, "focus moves into the node menu", (sel) => Boolean(document.activeElement?.closest(sel)), menu);
  const crashItem = await focused(page);
  assertVisible(crashItem, "Enter on the drawing");
  assert.match(crashItem.desc, /Crash Server A/);
  await page.keyboard.press("Enter");
  await waitForLog(page, /Server A crashed \(you\)/);
  await until(page, "the menu closes", (sel) => !document.querySelector(sel), menu);
  await until(page, "the fault panel agrees Server A is down", (sel) => /Restart Server A/.test(document.querySelector(sel).textContent), inWidget("sim-node-1"));
  await until(page, "the narration says Server A crashed", (sel) => /Server A crashed/.test(document.querySelector(sel).textContent), inWidget("sim-narration"));
  let back = await focused(page);
  assertVisible(back, "Enter on Crash in the node menu");
  assert.equal(back.testid, "sim-stage", "focus returns to the drawing");
  await page.keyboard.press("Enter");
  await until(page, "the menu offers to restart Server A", (sel) => document.activeElement?.closest(sel) && /Restart Server A/.test(document.activeElement.textContent), menu);
  await page.keyboard.press("Space");
  await waitForLog(page, /Server A restarted \(you\)/);
  await until(page, "the fault panel agrees Server A is up", (sel) => /Crash Server A/.test(document.querySelector(sel).textContent), inWidget("sim-node-1"));
  back = await focused(page);
  assertVisible(back, "Space on Restart in the node menu");
  assert.equal(back.testid, "sim-stage", "focus returns to the drawing");

  // Quiz, single choice: arrows pick, Enter on Check.
  await tabTo(page, `${question("only-messages")} input[type=radio]`);
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowUp");
  await until(page, "the second choice is checked", (sel) => document.querySelector(`${sel} input:checked`)?.value === "1", question("only-messages"));
  assertVisible(await focused(page), "arrows on the choices");
  await tabTo(page, `${question("only-messages")} .quiz-check`);
  await page.keyboard.press("Enter");
  assert.match(await waitForFeedback(page, "only-messages"), /quiz-feedback-correct/, "the choice made by keyboard was graded right");
  assertVisible(await focused(page), "Enter on Check");

  // Ordering: Move up by Enter, focus following the item, until the order is right.
  await putInOrder(page, "fan-out-order", [
    "The user sends a Request to server A.",
    "A sends a Query to B and an Update to C.",
    "B answers with a Response and C with an Ack.",
    "A sends the Result back to the user.",
  ]);
  await tabTo(page, `${question("fan-out-order")} .quiz-check`);
  await page.keyboard.press("Enter");
  assert.match(await waitForFeedback(page, "fan-out-order"), /quiz-feedback-correct/, "the order made by keyboard was graded right");

  // Several choices: Space ticks boxes.
  const boxes = `${question("network-faults")} input[type=checkbox]`;
  await tabTo(page, boxes);
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Space");
    await press(page, "Tab");
  }
  await until(page, "boxes 0–3 ticked", (sel) => [...document.querySelectorAll(sel)].map((b) => b.checked).join() === "true,true,true,true,false", boxes);
  await tabTo(page, `${question("network-faults")} .quiz-check`);
  await page.keyboard.press("Enter");
  assert.match(await waitForFeedback(page, "network-faults"), /quiz-feedback-correct/);

  // A number, typed; Tab to Check, Enter.
  await tabTo(page, `${question("tokyo-round-trip")} input[type=text]`);
  await page.keyboard.type("80");
  await until(page, "the field holds 80", (sel) => document.querySelector(sel).value === "80", `${question("tokyo-round-trip")} input[type=text]`);
  await tabTo(page, `${question("tokyo-round-trip")} .quiz-check`);
  await page.keyboard.press("Enter");
  assert.match(await waitForFeedback(page, "tokyo-round-trip"), /quiz-feedback-correct/);

  // True or false: an arrow picks False; Space on Check.
  await tabTo(page, `${question("reply-lost-work-done")} input[type=radio]`);
  await page.keyboard.press("ArrowDown");
  await until(page, "False is checked", (sel) => document.querySelector(`${sel} input:checked`)?.value === "1", question("reply-lost-work-done"));
  await tabTo(page, `${question("reply-lost-work-done")} .quiz-check`);
  await page.keyboard.press("Space");
  assert.match(await waitForFeedback(page, "reply-lost-work-done"), /quiz-feedback-correct/);
  await until(page, "the score counts five right answers", (sel) => /Score: 5 of \d+ correct \(5 of/.test(document.querySelector(sel)?.textContent ?? ""), "[data-testid=quiz-score]");

  // And on to the end of the page and round to its start: nothing on the way traps focus.
  await tabTo(page, ".lesson-footer a:last-of-type");
  await page.keyboard.press("Tab");
  let wrapped = await focused(page);
  if (wrapped.none) wrapped = await press(page, "Tab");
  assert.match(wrapped.desc, /Skip to content/, "after the last stop, focus comes round to the skip link");
});

/** Puts the ordering question's items in `order` with its Move up buttons, by keyboard. */
async function putInOrder(page, id, order) {
  const texts = () => page.locator(`${question(id)} .quiz-order-text`).allInnerTexts();
  for (let rank = 0; rank < order.length; rank++) {
    let now = (await texts()).indexOf(order[rank]);
    assert.ok(now >= 0, `item “${order[rank]}” is in the list`);
    if (now === rank) continue;
    // The item's Move up button (the first of its row's two).
    const up = `${question(id)} .quiz-order-item:nth-child(${now + 1}) .quiz-move:first-child`;
    await tabTo(page, up);
    while (now > rank) {
      await page.keyboard.press("Enter");
      const target = now - 1;
      await until(
        page,
        `“${order[rank]}” moves to place ${target + 1}`,
        ([sel, t, text]) => document.querySelectorAll(`${sel} .quiz-order-text`)[t]?.textContent === text,
        [question(id), target, order[rank]],
      );
      // Focus follows the item: its Up button, or Down once it reached the top.
      await until(
        page,
        "focus stays with the moved item",
        ([sel, t]) => document.activeElement?.closest(".quiz-order-item") === document.querySelectorAll(`${sel} .quiz-order-item`)[t],
        [question(id), target],
      );
      assertVisible(await focused(page), "Enter on Move up");
      now = target;
    }
  }
  assert.deepEqual(await texts(), order, "the items are in the right order");
}

test("keyboard: Tab and Shift+Tab go all the way round the lesson through the same stops, each one visibly focused", async ({ open }) => {
  for (const width of [1280, 390]) {
    const page = await open(LESSON, { waitFor: widget });
    await page.setViewportSize({ width, height: 900 });
    await waitForScenario(page, "sequence");
    await page.waitForFunction((w) => window.innerWidth === w, width, QUICK);

    const forward = await lap(page, "Tab");
    const at = `at ${width}px`;
    assert.match(forward[0].desc, /Skip to content/, `${at}: the first stop is the skip link`);
    assert.ok(forward.length > 60, `${at}: a whole lesson has more than ${forward.length} stops`);
    // Everything a keyboard user needs is on the way, and the tab list is one stop.
    const tabs = forward.filter((s) => s.role === "tab");
    assert.equal(tabs.length, 1, `${at}: the tab list is one tab stop (found ${tabs.map((t) => t.desc)})`);
    assert.equal(tabs[0].id, "tab-sequence", `${at}: that stop is the selected tab`);
    for (const testid of ["embed-button", "theme-toggle", "sim-stage", "sim-play", "sim-step", "sim-reset", "sim-speed", "sim-timeline", "sim-seed", "sim-node-1", "sim-loss", "sim-latency-max"]) {
      assert.ok(forward.some((s) => s.testid === testid), `${at}: Tab reaches [data-testid=${testid}]`);
    }
    assert.ok(forward.some((s) => s.role === "log"), `${at}: Tab reaches the scrollable event log`);
    for (const q of ["only-messages", "fan-out-order", "network-faults", "tokyo-round-trip", "retry-idempotent"]) {
      assert.ok(forward.some((s) => s.question === q), `${at}: Tab reaches quiz question ${q}`);
    }
    assert.match(forward.at(-1).desc, /Load balancing and scaling/, `${at}: the last stop is the next-lesson link`);

    // Focus is now back on the skip link: the other way round, the same stops reversed.
    const backward = await lap(page, "Shift+Tab");
    const named = (stops) => stops.map((s) => (s.stop.startsWith("radio:") ? s.stop : `${s.stop} ${s.desc}`));
    assert.deepEqual(named(backward.slice().reverse()), named(forward), `${at}: Shift+Tab goes through the stops of Tab in reverse`);
    await page.close();
  }
});

test("keyboard: the drawing's node menu takes focus and lets it go — Tab, Shift+Tab and Escape", async ({ open }) => {
  const page = await open(LESSON, { waitFor: widget });
  await waitForScenario(page, "sequence");
  await tabTo(page, inWidget("sim-stage"));
  const announced = inWidget("sim-focus-announcement");
  // ←/→ go through the messages in flight (or say there are none); focus stays put.
  await page.keyboard.press("ArrowRight");
  await until(page, "the drawing announces a message or that there are none", (sel) => document.querySelector(sel).textContent.trim() !== "", announced);
  assert.equal((await focused(page)).testid, "sim-stage");
  await page.keyboard.press("ArrowDown");
  await until(page, "the drawing announces a machine", (sel) => /^User\b/.test(document.querySelector(sel).textContent), announced);
  const menu = inWidget("sim-node-menu");
  await page.keyboard.press("Enter");
  await until(page, "focus moves into the menu", (sel) => Boolean(document.activeElement?.closest(sel)), menu);
  const first = await focused(page);
  assertVisible(first, "Enter on the drawing");
  assert.match(first.desc, /Crash User/);

  // Tab walks the menu and out of it, on to the transport; Shift+Tab back in and out the
  // other way, to the drawing and the tab list.
  const close = await press(page, "Tab");
  assert.ok(close.inMenu && /Close/.test(close.desc), `Tab goes to the menu's Close, not ${close.desc}`);
  const out = await press(page, "Tab");
  assert.equal(out.testid, "sim-play", "Tab leaves the menu for the transport");
  assert.ok((await press(page, "Shift+Tab")).inMenu, "Shift+Tab comes back into the menu");
  assert.ok((await press(page, "Shift+Tab")).inMenu);
  assert.equal((await press(page, "Shift+Tab")).testid, "sim-stage", "Shift+Tab from the menu's first item goes to the drawing");
  assert.equal((await press(page, "Shift+Tab")).id, "tab-sequence", "and on out of the drawing");

  // Escape inside the menu closes it and puts focus back on the drawing; nothing crashed.
  await tabTo(page, `${menu} button`);
  await page.keyboard.press("Escape");
  await until(page, "Escape closes the menu", (sel) => !document.querySelector(sel), menu);
  const stage = await focused(page);
  assertVisible(stage, "Escape in the node menu");
  assert.equal(stage.testid, "sim-stage", "focus returns to the drawing");
  assert.match(await page.locator(inWidget("sim-node-0")).innerText(), /Crash User/, "Escape crashed nothing");

  // Close by Enter does the same.
  await page.keyboard.press("Enter");
  await until(page, "Enter opens the menu again", (sel) => Boolean(document.activeElement?.closest(sel)), menu);
  await press(page, "Tab");
  await page.keyboard.press("Enter");
  await until(page, "Close closes the menu", (sel) => !document.querySelector(sel), menu);
  assert.equal((await focused(page)).testid, "sim-stage", "focus returns to the drawing after Close");
  assert.match(await page.locator(inWidget("sim-node-0")).innerText(), /Crash User/, "Close crashed nothing");

  // Escape on the drawing forgets the picked machine: the next ↓ starts from the first.
  await page.keyboard.press("ArrowDown");
  await until(page, "↓ picks the next machine", (sel) => /^Server A\b/.test(document.querySelector(sel).textContent), announced);
  await page.keyboard.press("Escape");
  await page.keyboard.press("ArrowDown");
  await until(page, "after Escape, ↓ starts again from the first machine", (sel) => /^User\b/.test(document.querySelector(sel).textContent), announced);
  assertVisible(await focused(page), "Escape on the drawing");
});

test("keyboard: the Embed dialog holds focus while open, arrows pick a part, Escape and Close return focus", async ({ open }) => {
  const page = await open(LESSON, { waitFor: widget });
  const opener = await tabTo(page, "[data-testid=embed-button]");
  const dialogOpen = () => page.evaluate(() => document.querySelector("[data-testid=embed-dialog]").open);

  await page.keyboard.press("Enter");
  await until(page, "the dialog opens", () => document.querySelector("[data-testid=embed-dialog]").open);
  let now = await focused(page);
  assertVisible(now, "Enter on Embed");
  assert.equal(now.testid, "embed-code", "focus moves to the code");

  // The part to embed, by arrows on its radio group: the code follows.
  const code = () => page.locator("[data-testid=embed-code]").inputValue();
  assert.match(await code(), /view=all|lesson=messages/);
  now = await press(page, "Shift+Tab");
  assert.ok(now.inDialog && now.stop === "radio:embed-part", `Shift+Tab from the code goes to the part choices, not ${now.desc}`);
  await page.keyboard.press("ArrowDown");
  await until(page, "“Simulation only” is chosen", () => document.querySelector("input[name=embed-part]:checked")?.value === "sim");
  await until(page, "the code embeds the simulation only", () => /view=sim/.test(document.querySelector("[data-testid=embed-code]").value));
  assertVisible(await focused(page), "ArrowDown on the part choices");

  // Round and round inside the dialog, both ways: never a stop outside it.
  for (const key of ["Tab", "Shift+Tab"]) {
    const stops = await lap(page, key, { closesAtEnd: false });
    assert.ok(stops.every((s) => s.inDialog), `${key} left the open dialog: ${stops.filter((s) => !s.inDialog).map((s) => s.desc)}`);
    assert.deepEqual(
      new Set(stops.map((s) => s.testid ?? s.stop)),
      new Set(["radio:embed-part", "embed-code", "embed-url", "embed-copy", "embed-close"]),
      `${key} goes round the dialog's controls`,
    );
  }
  assert.ok(await dialogOpen(), "tabbing round keeps the dialog open");

  // Escape closes it; focus is back on Embed, ring showing.
  await page.keyboard.press("Escape");
  await until(page, "Escape closes the dialog", () => !document.querySelector("[data-testid=embed-dialog]").open);
  now = await focused(page);
  assertVisible(now, "Escape in the dialog");
  assert.equal(now.key, opener.key, "focus returns to the Embed button");

  // Space opens it again, Close (Enter) closes it, focus back on Embed again.
  await page.keyboard.press("Space");
  await until(page, "Space opens the dialog", () => document.querySelector("[data-testid=embed-dialog]").open);
  await tabTo(page, "[data-testid=embed-close]");
  await page.keyboard.press("Enter");
  await until(page, "Close closes the dialog", () => !document.querySelector("[data-testid=embed-dialog]").open);
  now = await focused(page);
  assertVisible(now, "Enter on Close");
  assert.equal(now.key, opener.key, "focus returns to the Embed button after Close");
  // And the page goes on from there.
  assert.ok(!(await press(page, "Tab")).inDialog);
});

test("keyboard: a control focused by Tab or Shift+Tab is never hidden under the sticky header", async ({ open }) => {
  const problems = [];
  for (const width of [1280, 390]) {
    const page = await open(LESSON, { waitFor: widget });
    await page.setViewportSize({ width, height: 900 });
    await waitForScenario(page, "sequence");
    await page.waitForFunction((w) => window.innerWidth === w, width, QUICK);
    const found = [];
    await lap(page, "Tab", { problems: found, withObscured: true });
    await lap(page, "Shift+Tab", { problems: found, withObscured: true });
    problems.push(...found.map((line) => `${width}px ${line}`));
    await page.close();
  }
  assert.deepEqual(problems, [], `focus not visible:\n${problems.join("\n")}`);
});
