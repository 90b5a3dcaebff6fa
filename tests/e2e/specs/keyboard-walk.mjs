// A keyboard-only walk through one whole lesson (messages): the Embed dialog, the
// simulation tabs, the transport, a fault slider, crashing a machine from its button and
// from the drawing's node menu, and quiz answers of three kinds. No mouse: the page is
// driven with Tab, arrows, Enter, Space and Escape; locators only read what it shows.
// After every Tab, focus is on an element of the page with a visible focus ring, and
// tabbing on goes all the way round the page: focus is never trapped.
import assert from "node:assert/strict";
import { test } from "../lib.mjs";

/** What has focus: its description and whether its focus indicator shows. */
function focused(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body || el === document.documentElement) return { none: true };
    const style = getComputedStyle(el);
    const ring =
      (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== "none";
    const name = [el.tagName.toLowerCase(), el.id && `#${el.id}`, el.dataset.testid && `[${el.dataset.testid}]`]
      .filter(Boolean)
      .join("");
    window.__focusKeys ??= new WeakMap();
    if (!window.__focusKeys.has(el)) window.__focusKeys.set(el, (window.__focusCount = (window.__focusCount ?? 0) + 1));
    return {
      none: false,
      key: window.__focusKeys.get(el),
      ring,
      name: `${name} “${(el.getAttribute("aria-label") || el.textContent || el.value || "").trim().slice(0, 40)}”`,
      testid: el.dataset.testid ?? null,
      role: el.getAttribute("role"),
      type: el.getAttribute("type"),
      question: el.closest("fieldset.quiz-question")?.dataset.question ?? null,
      inDialog: Boolean(el.closest("dialog, [role=dialog]")),
    };
  });
}

/** Presses `key` until what has focus satisfies `wanted`; checks the ring at every stop. */
async function pressUntil(page, key, wanted, what, max = 400) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press(key);
    const now = await focused(page);
    if (!now.none) assert.ok(now.ring, `no visible focus indicator on ${now.name}`);
    if (!now.none && wanted(now)) return now;
  }
  throw new Error(`${key} × ${max} never reached ${what}`);
}

const simTime = (page) => page.getByTestId("sim-time").getAttribute("data-now-us").then(Number);

test("keyboard: a whole lesson by keyboard alone, focus always visible and never trapped", async ({ open }) => {
  const page = await open("?lesson=messages&scenario=retry");
  await page.getByTestId("sim-widget").waitFor();

  // Round the whole page: every stop has a visible ring, nothing repeats before the
  // end, and the first stop comes round again.
  const first = await pressUntil(page, "Tab", () => true, "any element");
  const seen = [first.key];
  for (;;) {
    await page.keyboard.press("Tab");
    const now = await focused(page);
    if (now.none) continue; // past the last element, the browser's own stop
    assert.ok(now.ring, `no visible focus indicator on ${now.name}`);
    if (now.key === first.key) break;
    assert.ok(!seen.includes(now.key), `focus came back to ${now.name} before going round`);
    seen.push(now.key);
    assert.ok(seen.length < 500, "tabbing never came round: focus is trapped");
  }
  assert.ok(seen.length > 30, `a whole lesson has more than ${seen.length} stops`);
  // And backwards a stretch, past the simulation into the text.
  await pressUntil(page, "Shift+Tab", (f) => f.role === "tab", "a simulation tab, backwards");

  // The Embed dialog: focus moves in, stays in while open, Escape brings it back.
  const embed = await pressUntil(page, "Shift+Tab", (f) => /Embed/.test(f.name), "the Embed button");
  await page.keyboard.press("Enter");
  await page.getByRole("dialog").waitFor();
  for (let i = 0; i < 8; i++) {
    await page.keyboard.press("Tab");
    const inside = await focused(page);
    if (inside.none) continue; // a modal dialog lets Tab reach the browser's own controls
    assert.ok(inside.inDialog, `Tab left the open dialog for ${inside.name}`);
    assert.ok(inside.ring, `no visible focus indicator on ${inside.name}`);
  }
  await page.keyboard.press("Escape");
  await page.getByRole("dialog").waitFor({ state: "detached" });
  assert.equal((await focused(page)).key, embed.key, "focus returns to the Embed button");

  // Tabs: arrows move between simulations, the panel follows.
  await pressUntil(page, "Tab", (f) => f.role === "tab", "the simulation tabs");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("[data-testid=sim-widget]")?.dataset.scenario === "what-happened");
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("aria-selected")), "true");
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction(() => document.querySelector("[data-testid=sim-widget]")?.dataset.scenario === "retry");

  // Transport: Play, Pause, Step.
  await pressUntil(page, "Tab", (f) => f.testid === "sim-play", "Play");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > 0);
  await page.keyboard.press("Space");
  await page.waitForFunction(() => /Play/.test(document.querySelector("[data-testid=sim-play]").textContent));
  const paused = await simTime(page);
  await pressUntil(page, "Tab", (f) => f.testid === "sim-step", "Step");
  await page.keyboard.press("Enter");
  await page.waitForFunction((t) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > t, paused);

  // A fault slider moves with the arrows and says so.
  const loss = page.getByTestId("sim-loss-value");
  const lossBefore = await loss.innerText();
  await pressUntil(page, "Tab", (f) => f.testid === "sim-loss", "the loss slider");
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await page.waitForFunction((before) => document.querySelector("[data-testid=sim-loss-value]").textContent !== before, lossBefore);

  // Crash and restart the server from its button; focus stays on the button.
  const server = await pressUntil(page, "Tab", (f) => f.testid === "sim-node-1", "the server's button");
  const label = () => page.getByTestId("sim-node-1").innerText();
  const up = await label();
  await page.keyboard.press("Enter");
  await page.waitForFunction((before) => document.querySelector("[data-testid=sim-node-1]").textContent !== before, up);
  assert.equal((await focused(page)).testid, server.testid);
  await page.keyboard.press("Space");
  await page.waitForFunction((before) => document.querySelector("[data-testid=sim-node-1]").textContent === before, up);

  // The drawing: arrows pick a node, Enter opens its menu, Escape closes it.
  await pressUntil(page, "Shift+Tab", (f) => f.testid === "sim-stage", "the cluster drawing");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.getByTestId("sim-node-menu").waitFor();
  await page.waitForFunction(() => Boolean(document.activeElement?.closest("[data-testid=sim-node-menu]")));
  const menuButton = await focused(page);
  assert.ok(menuButton.ring, `no visible focus indicator on ${menuButton.name}`);
  await page.keyboard.press("Escape");
  await page.getByTestId("sim-node-menu").waitFor({ state: "detached" });
  assert.equal((await focused(page)).testid, "sim-stage", "focus returns to the drawing");

  // Quiz: a single choice (Space picks the focused option, Enter on Check), a numeric
  // answer (typed, Enter checks), and a true/false (arrows pick).
  const feedback = (id) => page.locator(`fieldset.quiz-question[data-question="${id}"] [data-testid=quiz-feedback]`);
  await pressUntil(page, "Tab", (f) => f.question === "only-messages" && f.type === "radio", "the first quiz question");
  await page.keyboard.press("Space");
  await pressUntil(page, "Tab", (f) => f.question === "only-messages" && /Check/.test(f.name), "its Check button");
  await page.keyboard.press("Enter");
  await feedback("only-messages").waitFor();

  await pressUntil(page, "Tab", (f) => f.question === "tokyo-round-trip" && f.name.startsWith("input"), "the numeric question");
  await page.keyboard.type("100");
  await page.keyboard.press("Enter");
  await feedback("tokyo-round-trip").waitFor();

  await pressUntil(page, "Tab", (f) => f.question === "reply-lost-work-done" && f.type === "radio", "a true/false question");
  await page.keyboard.press("ArrowDown");
  await pressUntil(page, "Tab", (f) => f.question === "reply-lost-work-done" && /Check/.test(f.name), "its Check button");
  await page.keyboard.press("Enter");
  await feedback("reply-lost-work-done").waitFor();
  assert.equal(await page.locator("[data-testid=quiz-feedback]").count(), 3, "three answers checked, by keyboard alone");
});
