// The clocks lesson: the space-time diagram's selection (pointer and keyboard) against its
// text alternative and the vector timestamps, the last-writer-wins verdict flipping with a
// clock change, clamping of absurd settings, the sync and drift charts, and screenshots.
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { SCREENSHOT_DIR, screenshot, setViewportAndSettle, test } from "../lib.mjs";

/** Saves a screenshot of one part of the page, however tall. */
async function shot(locator, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  const page = locator.page();
  const viewport = page.viewportSize();
  const height = await locator.evaluate((e) => e.getBoundingClientRect().height);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, Math.ceil(height) + 200) });
  await locator.screenshot({ path });
  await page.setViewportSize(viewport);
  console.log(`    screenshot: ${path}`);
}

const END = "&t=1000000";

/** Relation of vector a to vector b, computed here from the numbers in the table. */
function vectorRelation(a, b) {
  let aLess = false;
  let bLess = false;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i] ?? 0;
    const y = b[i] ?? 0;
    if (x < y) aLess = true;
    if (y < x) bLess = true;
  }
  if (aLess && bLess) return "concurrent";
  if (aLess) return "before";
  if (bLess) return "after";
  return "equal";
}

/** { name: relation } as drawn in the diagram. */
async function drawnRelations(page) {
  return page.locator(".spacetime .st-event").evaluateAll((dots) =>
    Object.fromEntries(dots.map((d) => [d.dataset.name, d.dataset.relation])),
  );
}

/** Rows of the events table: name, relation and vector. */
async function tableRows(page) {
  const details = page.locator(".st-table-wrap");
  if (!(await details.evaluate((d) => d.open))) await details.locator("summary").click();
  return page.locator("[data-testid=spacetime-table] tbody tr").evaluateAll((rows) =>
    rows.map((r) => ({
      name: r.dataset.name,
      relation: r.dataset.relation,
      vector: JSON.parse(r.cells[6].textContent.trim()),
    })),
  );
}

/** Checks the diagram, the table and the vectors all agree on the selection `selected`. */
async function checkSelection(page, selected, { everyGroup = true } = {}) {
  const drawn = await drawnRelations(page);
  const rows = await tableRows(page);
  assert.equal(rows.length, Object.keys(drawn).length, "one table row per drawn event");
  const chosen = rows.find((r) => r.name === selected);
  assert.ok(chosen, `${selected} is in the table`);
  const groups = { before: [], after: [], concurrent: [] };
  for (const row of rows) {
    const expected = vectorRelation(row.vector, chosen.vector);
    assert.equal(row.relation, expected, `table: ${row.name} is ${expected} ${selected}`);
    assert.equal(drawn[row.name], expected, `diagram: ${row.name} is ${expected} ${selected}`);
    if (groups[expected]) groups[expected].push(row.name);
  }
  for (const [relation, names] of Object.entries(groups)) {
    if (everyGroup) assert.ok(names.length > 0, `some event is ${relation} ${selected}`);
  }
  // The summary in words lists the same three groups.
  const summary = await page.getByTestId("spacetime-summary").innerText();
  assert.match(summary, new RegExp(`Selected ${selected}:`));
  const listed = (label) => {
    const match = summary.match(new RegExp(`${label}: ([^.]*?)(?: \\(\\d+\\))?\\.`));
    return match && match[1] !== "none" ? match[1].split(", ").sort() : [];
  };
  assert.deepEqual(listed("Happened before it"), groups.before.sort());
  assert.deepEqual(listed("Happened after it"), groups.after.sort());
  assert.deepEqual(listed("Concurrent with it"), groups.concurrent.sort());
  // Three styles that differ in shape, not only colour.
  const style = (relation) =>
    page.locator(`.st-event[data-relation="${relation}"] .st-dot`).first().evaluate((dot) => {
      const s = getComputedStyle(dot);
      return { fill: s.fill, stroke: s.stroke, dash: s.strokeDasharray, width: s.strokeWidth };
    });
  if (groups.before.length) {
    const before = await style("before");
    assert.equal(before.fill, before.stroke, "before: filled");
  }
  if (groups.after.length) {
    const after = await style("after");
    assert.notEqual(after.fill, after.stroke, "after: a ring around the centre");
    assert.equal(after.width, "3px");
  }
  if (groups.concurrent.length) {
    const concurrent = await style("concurrent");
    assert.notEqual(concurrent.dash, "none", "concurrent: dashed outline");
  }
  assert.equal(await page.locator(`.st-event[data-name="${selected}"]`).getAttribute("aria-pressed"), "true");
  return groups;
}

test("clocks: selecting an event by pointer marks before, after and concurrent like the table says", async ({ open }) => {
  const page = await open(`?lesson=clocks&scenario=vector${END}`);
  await page.locator(".spacetime .st-event").first().waitFor();
  await page.locator('.st-event[data-name="B3"] .st-hit').click();
  const groups = await checkSelection(page, "B3");
  assert.ok(groups.before.includes("A2"), "A's send of m1 happened before B passes it on");
  await shot(page.locator("#sim-panel"), "clocks-vector-light");

  // The quiz's pair: A's send of m1 and C's first local step are concurrent.
  await page.getByRole("button", { name: "Select C1" }).click();
  await checkSelection(page, "C1", { everyGroup: false });
  assert.equal(await page.locator('.st-event[data-name="A2"]').getAttribute("data-relation"), "concurrent");
});

test("clocks: the space-time axis never lies: x order is true-time order for every pair of events", async ({ open }) => {
  for (const scenario of ["vector", "lamport", "lww"]) {
    const page = await open(`?lesson=clocks&scenario=${scenario}${END}`);
    await page.locator(".spacetime .st-event").first().waitFor();
    const dots = await page.locator(".spacetime .st-event").evaluateAll((gs) =>
      gs.map((g) => ({ name: g.dataset.name, x: Number(g.dataset.x), t: Number(g.dataset.timeUs) })));
    assert.ok(dots.length >= 6, `${scenario}: the run draws events (${dots.length})`);
    // The times agree with the table's "True time" column.
    const rows = await page.locator(".st-table tbody tr").evaluateAll((rs) =>
      rs.map((r) => ({ name: r.dataset.name, seconds: r.cells[3].textContent.trim() })));
    assert.equal(rows.length, dots.length);
    for (const dot of dots) {
      assert.ok(Number.isFinite(dot.x) && Number.isFinite(dot.t), `${scenario} ${dot.name} has x and time`);
    }
    for (const a of dots) {
      for (const b of dots) {
        if (a.t < b.t) {
          assert.ok(a.x < b.x, `${scenario}: ${a.name} at ${a.t} µs is drawn at x ${a.x}, not left of ${b.name} at ${b.t} µs (x ${b.x})`);
        }
      }
    }
    await page.close();
  }
});

test("clocks: the diagram works from the keyboard", async ({ open }) => {
  const page = await open(`?lesson=clocks&scenario=vector${END}`);
  await page.locator(".spacetime .st-event").first().waitFor();
  const stops = page.locator('.spacetime .st-event[tabindex="0"]');
  assert.equal(await stops.count(), 1, "one tab stop in the diagram");
  await stops.focus();
  const focused = () => page.evaluate(() => document.activeElement?.dataset?.name);
  assert.equal(await focused(), "A1");
  await page.keyboard.press("ArrowRight");
  assert.equal(await focused(), "A2");
  await page.keyboard.press("ArrowDown");
  const onB = await focused();
  assert.match(onB, /^B\d+$/, "down moves to B's line");
  await page.keyboard.press("End");
  const lastOnB = await focused();
  await page.keyboard.press("Enter");
  await checkSelection(page, lastOnB, { everyGroup: false });
  // The tab stop stays on the selected event (checking the table moved the focus away).
  const stop = page.locator('.spacetime .st-event[tabindex="0"]');
  assert.equal(await stop.getAttribute("data-name"), lastOnB);
  await stop.focus();
  await page.keyboard.press("Home");
  const first = await focused();
  assert.match(first, /^B\d+$/);
  await page.keyboard.press(" ");
  await checkSelection(page, first, { everyGroup: false });
  await page.locator('.spacetime .st-event[tabindex="0"]').focus();
  await page.keyboard.press("Escape");
  assert.match(await page.getByTestId("spacetime-summary").innerText(), /No event selected/);
  assert.equal(await page.locator('.st-event[data-relation="none"]').count(), await page.locator(".st-event").count());
});

test("clocks: the last-writer-wins verdict flips when C's clock moves", async ({ open, context, app }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  const page = await open(`?lesson=clocks&scenario=lww${END}`);
  const verdict = page.getByTestId("lww-verdict");
  await verdict.waitFor();
  assert.equal(await verdict.getAttribute("data-anomaly"), "yes");
  assert.match(await page.getByTestId("lww-headline").innerText(), /W1 won, but W2 came last: W2 is lost/);
  assert.match(await page.getByTestId("lww-detail").innerText(), /W2 really came last/);
  await shot(page.locator("#sim-panel"), "clocks-lww-anomaly-light");

  // Put C's clock 2.5 s ahead: from the start of the run, W2 gets the later stamp.
  const offsetC = page.getByTestId("clock-offset-3");
  await offsetC.fill("2500");
  await offsetC.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-testid=lww-verdict]")?.dataset.anomaly === "no");
  assert.match(await page.getByTestId("lww-headline").innerText(), /W2 won, and it really came last/);
  assert.match(await page.getByTestId("lww-skew").innerText(), /ahead of A's/);
  assert.equal(await page.getByTestId("sim-time").getAttribute("data-now-us"), "1000000", "the run stays at its end");
  // The space-time diagram shows each write's stamp.
  const stamps = await page.locator(".st-label").allInnerTexts();
  assert.equal(stamps.length, 2, `two stamps: ${stamps}`);

  // The clock change is part of the share link, and the link reproduces the verdict.
  await page.getByTestId("sim-copy-link").click();
  await page.waitForFunction(() => /clk\.3\.2500000\./.test(decodeURIComponent(location.search)));
  const shared = await open(new URL(page.url()).search);
  await shared.getByTestId("lww-verdict").waitFor();
  await shared.waitForFunction(() => document.querySelector("[data-testid=lww-verdict]")?.dataset.anomaly === "no");

  // And back: the material's clocks lose W2 again.
  await page.getByTestId("clocks-restore").click();
  await page.waitForFunction(() => document.querySelector("[data-testid=lww-verdict]")?.dataset.anomaly === "yes");
});

test("clocks: absurd clock settings are clamped with a message, never a crash", async ({ open }) => {
  const page = await open("?lesson=clocks&scenario=drift");
  const offsetA = page.getByTestId("clock-offset-0");
  await offsetA.fill("999999999999");
  await offsetA.press("Enter");
  await page.getByTestId("clock-message").filter({ hasText: "more than an hour" }).waitFor();
  assert.equal(await offsetA.inputValue(), "3600000");
  const driftB = page.getByTestId("clock-drift-1");
  await driftB.fill("-50000");
  await driftB.press("Enter");
  await page.getByTestId("clock-message").filter({ hasText: "±1000 ppm" }).waitFor();
  assert.equal(await driftB.inputValue(), "-1000");
  assert.match(await page.getByTestId("clock-reading-0").innerText(), /^11:00:00\.\d{3}$/);
});

test("clocks: physical clocks chart offsets and drift", async ({ open }) => {
  const page = await open("?lesson=clocks&scenario=drift");
  await page.getByTestId("drift-panel").waitFor();
  assert.equal(await page.getByTestId("clock-reading-0").innerText(), "10:00:01.123");
  assert.equal(await page.getByTestId("clock-reading-1").innerText(), "10:00:02.456");
  assert.equal(await page.getByTestId("clock-reading-2").innerText(), "09:59:59.789");
  await page.getByRole("button", { name: "+10 s" }).click();
  await page.getByTestId("clocks-zero").click();
  await page.getByTestId("jump-end").click();
  await page.getByTestId("zoom-since-change").click();
  const lines = page.locator(".chart-svg polyline");
  assert.equal(await lines.count(), 3, "one line per clock");
  // 50 s after the reset at +500 ppm, C is 25 ms ahead.
  assert.match(await page.locator(".chart-note").first().innerText(), /C is \+25\.000 ms off/);
  await shot(page.locator("#sim-panel"), "clocks-drift-light");
  // A button in the text opens its simulation.
  await page.getByRole("button", { name: "Open “Last writer wins”" }).click();
  assert.equal(await page.locator("#tab-lww").getAttribute("aria-selected"), "true");
  await page.getByTestId("lww-verdict").waitFor();
});

test("clocks: clock sync shows each exchange and the error over time", async ({ open, context, app }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  const page = await open("?lesson=clocks&scenario=sync&t=60000000");
  const rows = page.locator("[data-testid=sync-table] tbody tr");
  await rows.first().waitFor();
  assert.equal(await rows.count(), 3);
  // A row with an exchange shows its timestamps (positive), not the placeholder.
  assert.ok((await rows.first().locator("td code").count()) >= 1, await rows.first().innerText());
  assert.doesNotMatch(await rows.first().innerText(), /no exchange yet/);
  const summary = () => page.getByTestId("sync-summary").innerText();
  assert.match(await summary(), /every 10 s/);
  await page.getByTestId("sync-interval").evaluate((slider) => {
    slider.value = "30";
    slider.dispatchEvent(new Event("change", { bubbles: true }));
  });
  await page.waitForFunction(() => /every 30 s/.test(document.querySelector("[data-testid=sync-summary]").textContent));
  assert.equal(await page.getByTestId("sim-time").getAttribute("data-now-us"), "60000000", "rebuilt at the same instant");
  assert.equal(await page.locator(".chart-svg polyline").count() >= 3, true);
  await shot(page.locator("#sim-panel"), "clocks-sync-light");

  // The interval is part of the share link.
  await page.getByTestId("sim-copy-link").click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get("set") === "every-30s");
  const shared = await open(new URL(page.url()).search);
  await shared.getByTestId("sync-summary").waitFor();
  assert.match(await shared.getByTestId("sync-summary").innerText(), /every 30 s/);
  assert.equal(await shared.getByTestId("sync-interval").inputValue(), "30");
  assert.equal(await shared.getByTestId("sim-time").getAttribute("data-now-us"), "60000000");
  assert.equal(
    await shared.locator("[data-testid=sync-table] tbody").innerText(),
    await page.locator("[data-testid=sync-table] tbody").innerText(),
    "the same exchanges",
  );
  assert.equal(await shared.getByTestId("sim-log").innerText(), await page.getByTestId("sim-log").innerText(), "the same event log");

  // An interval out of range leaves a notice and the default.
  const odd = await open("?lesson=clocks&scenario=sync&set=every-99s");
  await odd.getByTestId("sync-summary").waitFor();
  assert.match(await odd.getByTestId("sim-notices").innerText(), /“every-99s” is not a sync interval/);
  assert.match(await odd.getByTestId("sync-summary").innerText(), /every 10 s/);
});

test("clocks: drift plays out in simulated seconds and the timeline counts in seconds", async ({ open }) => {
  const page = await open("?lesson=clocks&scenario=drift");
  await page.getByTestId("drift-panel").waitFor();
  assert.equal(await page.getByTestId("sim-speed-value").getAttribute("title"), "At 1×, one second shows 1 s of simulated time");
  assert.match(await page.getByTestId("sim-time").innerText(), /^0\.0 s \/ 60\.0 s$/);
  await page.getByTestId("sim-play").click();
  await page.waitForTimeout(1000);
  await page.getByTestId("sim-play").click();
  const nowUs = Number(await page.getByTestId("sim-time").getAttribute("data-now-us"));
  // One real second at the scenario's 10×: about ten simulated seconds (fewer when a
  // slow machine drops frames, more when the pause click comes late); the usual scale
  // would have covered 0.1 s.
  assert.ok(nowUs >= 3_000_000 && nowUs <= 30_000_000, `simulated ${nowUs} µs in one real second`);
  assert.match(await page.getByTestId("sim-time").innerText(), /^\d+\.\d s \/ 60\.0 s$/);
});

test("clocks: Lamport clocks point out a concurrent pair with ordered times", async ({ open }) => {
  const page = await open(`?lesson=clocks&scenario=lamport${END}`);
  const pair = page.getByTestId("lamport-pair");
  await pair.getByRole("button").first().waitFor();
  const text = await pair.innerText();
  const match = text.match(/L\((\w+)\) = (\d+) < L\((\w+)\) = (\d+)/);
  assert.ok(match, text);
  const [, first, , second] = match;
  assert.equal(await page.locator(".st-marked").count(), 2);
  await pair.getByRole("button", { name: `Select ${first}` }).click();
  assert.equal(await page.locator(`.st-event[data-name="${second}"]`).getAttribute("data-relation"), "concurrent");
  assert.match(await page.getByTestId("lamport-check").innerText(), /L\(|Nothing happened before/);
  // Every label is the event's Lamport time, and the clock condition holds for the selection.
  await page.locator('.st-event[data-name="C3"] .st-hit').click();
  assert.match(await page.getByTestId("lamport-check").innerText(), /a → b implies L\(a\) < L\(b\)/);
});

test("clocks: dark theme and a phone", async ({ open }) => {
  const page = await open(`?lesson=clocks&scenario=vector&theme=dark${END}`);
  await page.locator('.st-event[data-name="B3"] .st-hit').click();
  await shot(page.locator("#sim-panel"), "clocks-vector-dark");
  const lww = await open(`?lesson=clocks&scenario=lww&theme=dark${END}`);
  await lww.getByTestId("lww-verdict").waitFor();
  await shot(lww.locator("#sim-panel"), "clocks-lww-dark");
  const sync = await open("?lesson=clocks&scenario=sync&theme=dark&t=90000000");
  await sync.locator(".chart-svg").waitFor();
  await shot(sync.locator("#sim-panel"), "clocks-sync-dark");
  const phone = await open(`?lesson=clocks&scenario=lamport${END}`);
  await setViewportAndSettle(phone, { width: 360, height: 780 });
  // The lesson's own parts fit; the diagram scrolls sideways inside its own box.
  for (const part of [".reading", ".clocks-panel", ".quiz-area"]) {
    const overflow = await phone.locator(part).first().evaluate((e) => e.scrollWidth - e.clientWidth);
    assert.ok(overflow <= 0, `${part} overflows by ${overflow}px`);
  }
  assert.equal(await phone.locator(".st-scroll").evaluate((e) => getComputedStyle(e).overflowX), "auto");
  await screenshot(phone, "clocks-phone");
});
