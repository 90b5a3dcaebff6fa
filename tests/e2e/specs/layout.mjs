// Picture first: in every tab of every lesson, at 1280×900, the drawing and the read-out
// the tab is about (the widget's slot under the drawing) are inside the first screen.
// Text and simulation link both ways: opening a tab brings its section of the text into
// view; on a phone a "Back to the text" button returns to it. "Simulation only" with a
// scenario embeds just that tab. Screenshots of every tab at both sizes.
import assert from "node:assert/strict";
import { screenshot, setViewportAndSettle, test } from "../lib.mjs";

const LESSONS = ["intro", "messages", "load-balancing", "clocks"];

/** The scenario names of a lesson's tabs, read from the page. */
async function tabNames(page) {
  return page.locator(".sim-tabs [role=tab]").evaluateAll((tabs) => tabs.map((t) => t.id.replace(/^tab-/, "")));
}

/** How much of `locator` the window shows, from 0 to 1 (by height). */
async function shownFraction(locator) {
  return locator.evaluate((e) => {
    const r = e.getBoundingClientRect();
    const visible = Math.min(r.bottom, window.innerHeight) - Math.max(r.top, 0);
    return r.height > 0 ? Math.max(0, visible) / r.height : 0;
  });
}

test("layout: every tab's drawing and key read-out are in the first screen at 1280×900", async ({ open }) => {
  for (const lesson of LESSONS) {
    const first = await open(`?lesson=${lesson}`);
    const names = await tabNames(first);
    assert.ok(names.length >= 3, `${lesson} has its tabs`);
    await first.close();
    for (const name of names) {
      const page = await open(`?lesson=${lesson}&scenario=${name}`);
      const widget = page.locator("#sim-panel [data-testid=sim-widget]").first();
      await widget.waitFor();
      await page.getByTestId("sim-stage").first().waitFor();
      const stage = await shownFraction(page.getByTestId("sim-stage").first());
      assert.ok(stage > 0.99, `${lesson}/${name}: the drawing is fully in view (${stage.toFixed(2)})`);
      const readout = widget.locator(".sim-readout");
      if (await readout.count()) {
        const top = await readout.evaluate((e) => e.getBoundingClientRect().top);
        assert.ok(top < 900 - 60, `${lesson}/${name}: the read-out starts in the first screen (top ${top})`);
      }
      await screenshot(page, `tab-${lesson}-${name}-desktop`, { fullPage: false });
      await setViewportAndSettle(page, { width: 390, height: 844 });
      await page.locator("#sim-panel").scrollIntoViewIfNeeded();
      await screenshot(page, `tab-${lesson}-${name}-phone`, { fullPage: false });
      await page.close();
    }
  }
});

test("layout: opening a tab brings the text's section about it into view", async ({ open }) => {
  // Opened by the address: the text scrolls to the section whose button opens it.
  const page = await open("?lesson=clocks&scenario=vector");
  const button = page.locator('.reading button[data-scenario="vector"]');
  await page.waitForFunction(() => {
    const b = document.querySelector('.reading button[data-scenario="vector"]');
    const r = b.getBoundingClientRect();
    return r.top < window.innerHeight && r.bottom > 0;
  }, null, { timeout: 5000 });
  assert.ok((await shownFraction(button)) > 0, "the vector section is in view");
  // Opened by a tab click: the same.
  await page.locator("#tab-drift").click();
  await page.waitForFunction(() => {
    const b = document.querySelector('.reading button[data-scenario="drift"]');
    const h = b.closest(".prose > *");
    let block = h;
    while (block && !/^H[23]$/.test(block.tagName)) block = block.previousElementSibling;
    const r = (block ?? b).getBoundingClientRect();
    return r.top >= 0 && r.top < window.innerHeight;
  }, null, { timeout: 5000 });
});

test("layout: on a phone each lesson's text and simulation link both ways", async ({ open }) => {
  for (const lesson of LESSONS) {
    const page = await open(`?lesson=${lesson}`);
    await setViewportAndSettle(page, { width: 390, height: 844 });
    const open1 = page.locator(".reading button.open-scenario").last();
    const name = await open1.getAttribute("data-scenario");
    await open1.click();
    // The simulation comes up to the top of the screen: its tabs and drawing are in view.
    await page.waitForFunction(() => {
      const r = document.querySelector(".sim-area").getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight * 0.35;
    });
    const drawing = page.locator(".sim-area [data-testid=sim-stage]").first();
    await drawing.waitFor();
    assert.ok((await shownFraction(drawing)) > 0.5, `${lesson}: the drawing is in view after Open`);
    assert.equal(await page.locator(`#tab-${name}`).getAttribute("aria-selected"), "true");
    // The sticky header does not cover the tabs.
    const [header, tabs] = await Promise.all([
      page.locator(".app-header").evaluate((e) => e.getBoundingClientRect().bottom),
      page.locator(".sim-tabs").evaluate((e) => e.getBoundingClientRect().top),
    ]);
    assert.ok(tabs >= header - 1, `${lesson}: tabs (top ${tabs}) below the header (bottom ${header})`);
    await screenshot(page, `tab-${lesson}-${name}-phone`);
    const back = page.getByTestId("back-to-text");
    assert.ok(await back.isVisible(), `${lesson}: a way back to the text`);
    await back.click();
    await page.waitForFunction((wanted) => {
      const b = document.querySelector(`.reading button[data-scenario="${wanted}"]`);
      let block = b.closest(".prose > *");
      while (block && !/^H[23]$/.test(block.tagName)) block = block.previousElementSibling;
      const r = (block ?? b).getBoundingClientRect();
      return r.top >= 0 && r.top < window.innerHeight;
    }, name, { timeout: 5000 });
    await page.close();
  }
});

test("layout: 'Simulation only' with a scenario embeds that one tab", async ({ open }) => {
  const page = await open("?lesson=clocks&view=sim&scenario=lww&chrome=0");
  await page.getByTestId("sim-widget").waitFor();
  assert.equal(await page.locator(".sim-tabs").count(), 0, "no tab list");
  assert.equal(await page.getByTestId("sim-widget").count(), 1);
  assert.equal(await page.getByTestId("sim-widget").getAttribute("data-scenario"), "lww");
  // Without a scenario, the simulation area keeps every tab.
  const all = await open("?lesson=clocks&view=sim&chrome=0");
  await all.getByTestId("sim-widget").waitFor();
  assert.ok((await all.locator(".sim-tabs [role=tab]").count()) >= 5);
});

test("layout: a node's menu and tooltip stay inside the drawing, even at a phone's edge", async ({ open }) => {
  const page = await open("?lesson=intro&scenario=architecture&view=sim&chrome=0");
  await setViewportAndSettle(page, { width: 360, height: 800 });
  const stage = page.getByTestId("sim-stage");
  await stage.waitFor();
  // Client 1 sits in the top-left corner: move to it with the keyboard, open its menu.
  await stage.focus();
  await page.keyboard.press("ArrowDown");
  const tooltip = page.getByTestId("sim-tooltip");
  await tooltip.waitFor();
  await page.keyboard.press("Enter");
  const menu = page.getByTestId("sim-node-menu");
  await menu.waitFor();
  await page.waitForFunction(() => {
    const stage = document.querySelector("[data-testid=sim-stage]").getBoundingClientRect();
    const menu = document.querySelector("[data-testid=sim-node-menu]").getBoundingClientRect();
    return menu.left >= stage.left - 0.5 && menu.right <= stage.right + 0.5;
  }, null, { timeout: 5000 });
  assert.match(await menu.innerText(), /Crash Client 1/);
  await screenshot(page, "sim-menu-phone-edge");
});
