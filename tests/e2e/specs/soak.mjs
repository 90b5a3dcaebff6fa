// Soak: a seeded random "monkey" uses every lesson the home page lists for a bounded
// wall-clock time (SOAK_PER_LESSON_MS each, SOAK_TOTAL_MS at most): it presses the
// transport buttons, sets and drags sliders, scrubs the timeline, switches tabs, answers
// quiz questions, crashes and restarts nodes (from the drawing's node menu, by pointer
// and by keyboard, and from the fault panel), cuts links, types seeds, presses keys,
// scrolls, resizes and wanders off through the app's own links. It fails on any console
// error, page error or panic banner, on the wasm memory or the JS heap more than
// doubling between a warmed-up start and the end, on too few actions done, and if the
// simulated time never advanced.
//
// One page serves the whole run, moving between lessons by in-app links (no reload), so
// both memory readings come from the same wasm instance and the same JS heap.
// The seed is printed first; `DISTLAB_SOAK_SEED=<seed> node run.mjs soak` replays the
// same choices (what they hit can still differ with timing, as the simulations play);
// `DISTLAB_SOAK_TRACE=1` prints every action at the end, and
// `DISTLAB_SOAK_LESSON_SECONDS=<s>` soaks each lesson for that long instead.
import assert from "node:assert/strict";
import { setRange, test } from "../lib.mjs";

/** `DISTLAB_SOAK_LESSON_SECONDS` sets a longer (or shorter) time per lesson, uncapped. */
const LESSON_SECONDS = Number(process.env.DISTLAB_SOAK_LESSON_SECONDS ?? "") || 0;
const SOAK_PER_LESSON_MS = LESSON_SECONDS ? LESSON_SECONDS * 1000 : 25_000;
/** Every lesson's monkey time together (warm-up and set-up not counted). */
const SOAK_TOTAL_MS = LESSON_SECONDS ? Infinity : 120_000;
/** Time for random actions on each lesson in the warm-up, after each tab has run to its end. */
const WARMUP_MS_PER_LESSON = 2_000;
/** Every single Playwright action gets at most this long; one that fails is skipped. */
const ACTION_MS = 2_000;
/** Fewest actions that must have been done (not skipped) on each lesson. */
const MIN_DONE_PER_LESSON = 15;
/** Kinds of action that must each have been done at least once in the run. */
const REQUIRED_KINDS = ["transport", "slider", "scrub", "quiz", "node-menu"];
/**
 * Most the wasm memory and the JS heap may grow over the soak. Wasm memory never shrinks,
 * and one tab played to its end at its largest setting (a hundred servers, say, with the
 * timeline's checkpoints of that world) can raise the peak once: a CI run on 2026-12-03
 * and a local run of seed 2733881271 measured 10.7 → 21.5 MB (the same seed replayed
 * measured 10.7 → 12.5 MB: the monkey's actions depend on timing). A leak keeps growing
 * with every action instead of settling at a peak.
 */
const MAX_GROWTH = 3;
const PANIC_TEXT = "DistLab stopped working";
const VIEWPORTS = [
  { width: 1280, height: 900 },
  { width: 390, height: 844 },
  { width: 960, height: 800 },
];

function readSeed() {
  const given = process.env.DISTLAB_SOAK_SEED;
  if (given === undefined || given === "") return (Date.now() ^ Math.floor(Math.random() * 2 ** 32)) >>> 0;
  assert.match(given, /^\d+$/, `DISTLAB_SOAK_SEED must be a whole number, not "${given}"`);
  return Number(given) >>> 0;
}

/** mulberry32: a tiny seeded PRNG with floats in [0, 1). */
function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dice(seed) {
  const next = mulberry32(seed);
  const int = (n) => Math.floor(next() * n);
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: (items) => items[int(items.length)],
    /** One of `[value, weight]` entries, by weight. */
    weighted(entries) {
      let roll = next() * entries.reduce((sum, [, w]) => sum + w, 0);
      for (const [value, w] of entries) if ((roll -= w) < 0) return value;
      return entries.at(-1)[0];
    },
  };
}

/** An action that could not be done (element gone, hidden, covered, detached…): skipped. */
class Skip extends Error {}

/**
 * Whether `error` only means that one action could not be done. Playwright's own errors
 * name their call ("locator.click: Timeout…"); a closed or crashed page, an assertion or
 * a mistake in this file is not skippable.
 */
function skippable(error) {
  if (error instanceof Skip) return true;
  const message = String(error?.message ?? error);
  if (/has been closed|Target crashed|Page crashed/i.test(message)) return false;
  return /^(locator|page|frame|mouse|keyboard|elementHandle|jsHandle)\.\w+:/.test(message);
}

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/** Lesson ids, from the home page's lesson links. */
async function lessonIds(page) {
  await page.locator(".lesson-card").first().waitFor({ timeout: 20000 });
  const hrefs = await page.locator(".lesson-card h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  return hrefs.map((h) => new URL(h, "http://x/").searchParams.get("lesson")).filter(Boolean);
}

/** The page's state in one round trip: which document, panic banner, lesson, times shown. */
const probe = (page) =>
  page.evaluate((panicText) => {
    const banner = document.querySelector(".panic-banner");
    const text = document.body?.textContent ?? "";
    const article = document.querySelector("article.lesson");
    return {
      doc: window.__soakDoc ?? null,
      panic: banner || text.includes(panicText) ? (banner?.textContent ?? panicText) : null,
      lesson: article?.dataset.lesson ?? null,
      view: article?.dataset.view ?? null,
      times: [...document.querySelectorAll("[data-testid=sim-time]")].map((t) => Number(t.dataset.nowUs)),
      modal: Boolean(document.querySelector("dialog[open]")),
    };
  }, PANIC_TEXT);

/** wasm memory (from Trunk's start event) and the JS heap after a forced collection. */
async function measure(page, cdp) {
  await cdp.send("HeapProfiler.collectGarbage");
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const wasm = await page.evaluate(() => window.__soakWasmMemory?.buffer.byteLength ?? null);
  return { wasm, js: usedSize };
}

/**
 * Indices (in `page.locator(selector)`) of the elements that a person could use now:
 * rendered, enabled, not inert, and for links only those that stay in the app and in
 * this tab (a query, a fragment or the app's own path, no target, no download).
 */
function usable(page, selector) {
  return page.locator(selector).evaluateAll((elements) =>
    elements
      .map((el, index) => {
        const box = el.getBoundingClientRect();
        const shown = box.width > 0 && box.height > 0 && (el.checkVisibility?.({ visibilityProperty: true }) ?? true);
        // Playwright does not click what says aria-disabled, nor would a person expect it to work.
        if (!shown || el.disabled || el.getAttribute("aria-disabled") === "true" || el.closest("[inert]")) return null;
        if (el.tagName === "A") {
          const href = el.getAttribute("href") ?? "";
          const inApp = href.startsWith("?") || href.startsWith("#") || href === location.pathname;
          if (!inApp || el.target || el.hasAttribute("download")) return null;
        }
        return {
          index,
          tag: el.tagName.toLowerCase(),
          type: (el.getAttribute("type") ?? "").toLowerCase(),
          readOnly: Boolean(el.readOnly),
          testid: el.dataset?.testid ?? "",
          label: (el.getAttribute("aria-label") ?? el.textContent ?? "").trim().replace(/\s+/g, " ").slice(0, 32),
          options: el.tagName === "SELECT" ? el.options.length : 0,
        };
      })
      .filter(Boolean),
  );
}

const CONTROL_LIST = "button, input, select, textarea, a[href], [role=tab]";
const CONTROLS = `:is(${CONTROL_LIST})`;

test("soak: a seeded random monkey on every lesson finds no error, no panic and no memory growth", async ({ context, open }) => {
  const seed = readSeed();
  console.log(`    soak: seed ${seed} (rerun with DISTLAB_SOAK_SEED=${seed})`);
  const rng = dice(seed);

  // Trunk's loader announces the started module with its exports: keep its memory.
  await context.addInitScript(() => {
    window.addEventListener("TrunkApplicationStarted", (event) => {
      window.__soakWasmMemory = event.detail?.wasm?.memory ?? null;
    });
  });

  const page = await open("");
  page.setDefaultTimeout(ACTION_MS);
  // Errors as they happen, to stop at once with the actions that led there.
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(`console error: ${message.text()}`);
  });
  page.on("pageerror", (error) => errors.push(`page error: ${error.message}`));
  page.on("crash", () => errors.push("the page crashed"));
  page.on("dialog", (dialog) => dialog.dismiss().catch(() => {}));
  // A link or key press that opens a new tab: close it, the monkey stays here.
  context.on("page", (other) => {
    if (other !== page) other.close().catch(() => {});
  });
  const cdp = await context.newCDPSession(page);

  const lessons = await lessonIds(page);
  assert.ok(lessons.length >= 1, `lessons listed on the home page: ${lessons}`);
  const perLessonMs = Math.min(SOAK_PER_LESSON_MS, Math.floor(SOAK_TOTAL_MS / lessons.length));

  let docId = 1;
  await page.evaluate((id) => (window.__soakDoc = id), docId);
  const trace = [];
  const kinds = {};
  const donePerLesson = Object.fromEntries(lessons.map((id) => [id, 0]));
  let done = 0;
  let skipped = 0;
  let reloads = 0;
  let advances = 0;
  let maxNowUs = 0;
  let lastTimes = [];
  let current = null;
  /** What the action in progress is aimed at, for the trace when it is skipped. */
  let aim = "";
  /** Memory after the warm-up, on the document still open (null after a reload). */
  let baseline = null;
  let baselineAt = 0;

  const fail = (what) => {
    const recent = trace.slice(-40).join("\n      ");
    throw new Error(`soak (seed ${seed}): ${what}\n    last actions:\n      ${recent}`);
  };

  /** Checks the page after each action: errors, panic banner, reload, time shown. */
  async function check() {
    if (errors.length) fail(errors.join("\n    "));
    let state;
    try {
      state = await probe(page);
    } catch (error) {
      // A document being replaced under the probe: look again once the new one is up.
      if (!skippable(error)) throw error;
      await page.waitForSelector("main#main > *", { timeout: 20000 });
      state = await probe(page);
    }
    if (errors.length) fail(errors.join("\n    "));
    if (state.panic) fail(`panic banner: ${state.panic}`);
    if (state.doc !== docId) {
      // A full page load: the memory readings start over on the new document.
      reloads += 1;
      docId += 1;
      trace.push(`   (the page reloaded: document ${docId})`);
      await page.evaluate((id) => (window.__soakDoc = id), docId);
      baseline = null;
    }
    state.times.forEach((t, i) => {
      if (t > (lastTimes[i] ?? Infinity)) advances += 1;
      maxNowUs = Math.max(maxNowUs, t);
    });
    lastTimes = state.times;
    return state;
  }

  /** Runs one action of `kind`; a skippable failure is counted, anything else thrown. */
  async function act(kind, fn) {
    const n = done + skipped + 1;
    aim = "";
    const t0 = Date.now();
    try {
      const detail = (await fn()) ?? "";
      done += 1;
      donePerLesson[current] = (donePerLesson[current] ?? 0) + 1;
      kinds[kind] = (kinds[kind] ?? 0) + 1;
      trace.push(`#${n} ${current} ${kind} ${detail} (${Date.now() - t0} ms)`);
    } catch (error) {
      if (!skippable(error) || page.isClosed()) {
        trace.push(`#${n} ${current} ${kind} ${aim} → ${String(error?.message ?? error).split("\n")[0]}`);
        if (errors.length) fail(errors.join("\n    "));
        throw error;
      }
      skipped += 1;
      trace.push(`#${n} ${current} ${kind} ${aim} skipped (${Date.now() - t0} ms): ${String(error.message).split("\n")[0].slice(0, 140)}`);
    }
    return check();
  }

  /** Opens lesson `id` in the app: home (the brand link), then its card; else history. */
  async function goToLesson(id) {
    current = id;
    const here = await probe(page);
    if (here.lesson === id && here.view === "all") return;
    if (here.modal) await page.keyboard.press("Escape");
    try {
      if ((await page.locator(".lesson-card").count()) === 0) {
        await page.locator("header.app-header .brand").click();
      }
      await page.locator(`.lesson-card[data-lesson="${id}"] h2 a`).click();
    } catch (error) {
      if (!skippable(error)) throw error;
      // No header (an embedded view) or no card in reach: the app's own history handling.
      await page.evaluate((lesson) => {
        history.pushState(null, "", `?lesson=${lesson}`);
        dispatchEvent(new PopStateEvent("popstate"));
      }, id);
    }
    await page.locator(`article.lesson[data-lesson="${id}"][data-view="all"]`).waitFor({ timeout: 10000 });
    trace.push(`   ${id}: opened`);
    await check();
  }

  // ----- What the monkey can do -----

  /** A visible simulation widget (the lesson's, or one in an answered quiz question). */
  async function widget() {
    const found = await usable(page, "[data-testid=sim-widget]");
    if (!found.length) throw new Skip("no widget");
    const i = rng.pick(found).index;
    return { w: page.locator("[data-testid=sim-widget]").nth(i), i };
  }

  async function transport() {
    const { w, i } = await widget();
    const id = rng.weighted([["sim-play", 4], ["sim-step", 4], ["sim-reset", 1]]);
    await w.getByTestId(id).click();
    return `${id} (widget ${i})`;
  }

  /** A value for a range input: anywhere, or an end. */
  async function rangeValue(input) {
    const [min, max] = await input.evaluate((el) => [Number(el.min || 0), Number(el.max || 100)]);
    const at = rng.weighted([["any", 6], ["min", 1], ["max", 1]]);
    return at === "min" ? min : at === "max" ? max : min + rng.next() * (max - min);
  }

  async function slider() {
    const selector = "main#main input[type=range]:not([data-testid=sim-timeline])";
    const found = await usable(page, selector);
    if (!found.length) throw new Skip("no slider");
    const { index, testid } = rng.pick(found);
    const input = page.locator(selector).nth(index);
    if (rng.chance(0.25)) {
      const key = rng.pick(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "PageUp", "PageDown"]);
      await input.focus();
      await input.press(key);
      return `${testid || `range ${index}`} key ${key}`;
    }
    const value = await rangeValue(input);
    await setRange(input, value);
    return `${testid || `range ${index}`} = ${Math.round(value * 100) / 100}`;
  }

  async function scrub() {
    const { w, i } = await widget();
    const timeline = w.getByTestId("sim-timeline");
    const how = rng.weighted([["jump", 3], ["drag", 3], ["mouse", 2], ["keys", 2]]);
    if (how === "jump") {
      const value = await rangeValue(timeline);
      await setRange(timeline, value);
      return `jump to ${Math.round(value)} µs (widget ${i})`;
    }
    if (how === "drag") {
      // A thumb dragged through several instants: input events, then one change.
      const stops = Array.from({ length: 3 + rng.int(10) }, () => rng.next());
      await timeline.evaluate(async (el, fractions) => {
        const min = Number(el.min || 0);
        const max = Number(el.max || 100);
        for (const f of fractions) {
          el.value = String(min + f * (max - min));
          el.dispatchEvent(new Event("input", { bubbles: true }));
          await new Promise((done) => setTimeout(done, 16));
        }
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }, stops);
      return `drag through ${stops.length} instants (widget ${i})`;
    }
    if (how === "mouse") {
      await timeline.scrollIntoViewIfNeeded();
      const box = await timeline.boundingBox();
      if (!box) throw new Skip("timeline not laid out");
      const y = box.y + box.height / 2;
      const from = box.x + rng.next() * box.width;
      const to = box.x + rng.next() * box.width;
      await page.mouse.move(from, y);
      await page.mouse.down();
      await page.mouse.move(to, y, { steps: 2 + rng.int(8) });
      await page.mouse.up();
      return `mouse drag ${Math.round(from - box.x)} → ${Math.round(to - box.x)} px (widget ${i})`;
    }
    const keys = Array.from({ length: 1 + rng.int(4) }, () => rng.pick(["Home", "End", "ArrowRight", "ArrowLeft", "PageUp", "PageDown"]));
    await timeline.focus();
    for (const key of keys) await timeline.press(key);
    return `keys ${keys.join(" ")} (widget ${i})`;
  }

  async function tab() {
    const selector = ".sim-tabs [role=tab]";
    const found = await usable(page, selector);
    if (!found.length) throw new Skip("no tabs");
    const chosen = page.locator(selector).nth(rng.pick(found).index);
    if (rng.chance(0.3)) {
      const key = rng.pick(["ArrowRight", "ArrowLeft", "Home", "End"]);
      await chosen.focus();
      await chosen.press(key);
      return `key ${key}`;
    }
    await chosen.click();
    return (await chosen.getAttribute("id")) ?? "tab";
  }

  async function quiz() {
    const selector = "fieldset.quiz-question";
    const found = await usable(page, selector);
    if (!found.length) throw new Skip("no quiz question");
    const card = page.locator(selector).nth(rng.pick(found).index);
    const id = (await card.getAttribute("data-question")) ?? "?";
    await card.scrollIntoViewIfNeeded();
    const did = [];
    try {
      // An answered question (its Check is aria-disabled) is answered again after Try again.
      const retry = card.locator(".quiz-retry");
      if ((await retry.count()) > 0) {
        await retry.click();
        did.push("Try again");
      }
      return await answer(card, id, did);
    } catch (error) {
      if (error?.message) error.message = `${error.message.split("\n")[0]} (${id} after: ${did.join(", ") || "nothing"})`;
      throw error;
    }
  }

  /** Sets random answers on question `card` and mostly presses Check, noting each step in `did`. */
  async function answer(card, id, did) {
    const radios = card.locator("input[type=radio]");
    const boxes = card.locator("input[type=checkbox]");
    const texts = card.locator("input[type=text], input[type=number]");
    const moves = card.locator(".quiz-move:not([disabled])");
    const [nRadio, nBox, nText, nMove] = await Promise.all([radios.count(), boxes.count(), texts.count(), moves.count()]);
    if (nRadio) {
      const k = rng.int(nRadio);
      await radios.nth(k).check();
      did.push(`radio ${k}`);
    }
    for (let k = 0; k < nBox; k += 1) {
      if (rng.chance(0.5)) {
        await boxes.nth(k).click();
        did.push(`box ${k}`);
      }
    }
    for (let k = 0; k < nText; k += 1) {
      const value = rng.weighted([
        [String(rng.int(1000)), 5],
        [(rng.next() * 200 - 100).toFixed(rng.int(3)), 3],
        ["", 1],
        ["12abc", 1],
        ["1e309", 1],
      ]);
      await texts.nth(k).fill(value);
      did.push(`typed "${value}"`);
    }
    for (let k = 0, n = nMove ? rng.int(4) : 0; k < n; k += 1) {
      const enabled = await moves.count();
      if (!enabled) break;
      await moves.nth(rng.int(enabled)).click();
      did.push("move");
    }
    if (rng.chance(0.85)) {
      await card.getByRole("button", { name: "Check" }).click();
      did.push("Check");
    }
    return `${id}: ${did.join(", ") || "nothing to set"}`;
  }

  /** Moves the drawing's keyboard focus to the `k`-th node; returns the stage and the node's name. */
  async function focusNode(w, k) {
    const stage = w.getByTestId("sim-stage");
    await stage.scrollIntoViewIfNeeded();
    await stage.focus();
    await stage.press("Escape");
    for (let j = 0; j <= k; j += 1) await stage.press("ArrowDown");
    const said = await w.getByTestId("sim-focus-announcement").innerText();
    return { stage, name: said.split(" · ")[0] };
  }

  /** Crash or restart a node from the drawing's node menu: by pointer or by keyboard. */
  async function nodeMenu() {
    const { w, i } = await widget();
    // Only a scenario with crash/restart controls has a node menu.
    if ((await w.locator('[data-testid^="sim-node-"]:not([data-testid="sim-node-menu"])').count()) === 0) {
      throw new Skip("no crash/restart in this scenario");
    }
    const k = rng.int(6);
    const { stage, name } = await focusNode(w, k);
    if (!name) throw new Skip("no node focused");
    const menu = w.getByTestId("sim-node-menu");
    if (rng.chance(0.4)) {
      // Keyboard: Enter opens the menu with its first button focused.
      await stage.press("Enter");
      await menu.waitFor();
      const key = rng.weighted([["Enter", 4], ["Escape", 1]]);
      await page.keyboard.press(key);
      return `${name}: menu by keyboard, ${key} (widget ${i})`;
    }
    // Pointer: the keyboard tooltip marks where the node is drawn; hover around it.
    const anchor = await w.getByTestId("sim-tooltip").evaluate((tip) => ({ x: parseFloat(tip.style.left), y: parseFloat(tip.style.top) }));
    await stage.press("Escape");
    const canvas = w.locator(".sim-canvas");
    const box = await canvas.boundingBox();
    if (!box || !Number.isFinite(anchor.x) || !Number.isFinite(anchor.y)) throw new Skip("no anchor");
    // Read through the widget: with nothing hovered there is no tooltip to wait for.
    const hovered = () => w.evaluate((el) => el.querySelector("[data-testid=sim-tooltip]")?.textContent ?? "");
    for (const dy of [0, 20, 40, -20, 10, 30, 50, -40]) {
      const x = box.x + anchor.x;
      const y = box.y + anchor.y + dy;
      await page.mouse.move(x, y);
      if ((await hovered()).startsWith(`${name} · `)) {
        await page.mouse.click(x, y);
        await menu.waitFor();
        const buttons = menu.locator("button");
        const n = await buttons.count();
        const choice = rng.chance(0.85) ? 0 : rng.int(n);
        const label = (await buttons.nth(choice).innerText()).trim();
        await buttons.nth(choice).click();
        return `${name}: menu by pointer, ${label} (widget ${i})`;
      }
    }
    throw new Skip(`never hovered ${name}`);
  }

  /** The fault panel: a node's Crash/Restart or a link's Cut/Heal button. */
  async function faultButton() {
    const { w, i } = await widget();
    const selector = ':is([data-testid^="sim-node-"]:not([data-testid="sim-node-menu"]), [data-testid^="sim-link-"])';
    const found = await usable(w, selector);
    if (!found.length) throw new Skip("no fault buttons");
    const button = w.locator(selector).nth(rng.pick(found).index);
    const label = (await button.innerText()).trim();
    await button.click();
    return `${label} (widget ${i})`;
  }

  /** Pointer on the drawing anywhere: hover, maybe click (a node opens its menu). */
  async function canvasPoke() {
    const { w, i } = await widget();
    const canvas = w.locator(".sim-canvas");
    await canvas.scrollIntoViewIfNeeded();
    const box = await canvas.boundingBox();
    if (!box) throw new Skip("canvas not laid out");
    const x = box.x + rng.next() * box.width;
    const y = box.y + rng.next() * box.height;
    await page.mouse.move(x, y);
    if (rng.chance(0.6)) await page.mouse.click(x, y);
    return `at ${Math.round(x - box.x)},${Math.round(y - box.y)} (widget ${i})`;
  }

  /** Anything usable on the page (only inside the dialog while one is open). */
  async function anyControl(state) {
    const selector = state.modal
      ? `dialog[open] ${CONTROLS}`
      : `:is(main#main, header.app-header) ${CONTROLS}`;
    const found = await usable(page, selector);
    if (!found.length) throw new Skip("nothing usable");
    const info = rng.pick(found);
    const el = page.locator(selector).nth(info.index);
    const kind = info.tag === "input" ? `input[${info.type || "text"}]` : info.tag;
    const name = info.testid || `${kind} ${info.index}${info.label ? ` “${info.label}”` : ""}`;
    aim = name;
    if (info.tag === "select") {
      const option = rng.int(Math.max(1, info.options));
      await el.selectOption({ index: option });
      return `${name}: option ${option}`;
    }
    if (info.tag === "input" && info.type === "range") {
      const value = await rangeValue(el);
      await setRange(el, value);
      return `${name} = ${Math.round(value * 100) / 100}`;
    }
    if ((info.tag === "input" && ["number", "text", ""].includes(info.type)) || info.tag === "textarea") {
      if (info.readOnly) {
        await el.click();
        return `${name}: clicked (read-only)`;
      }
      const value = rng.weighted([[String(rng.int(100000)), 6], ["-4", 1], ["1.5", 1], ["", 1], ["99999999999999999999", 1]]);
      await el.fill(value);
      const key = rng.pick(["Enter", "Tab"]);
      await el.press(key);
      return `${name}: "${value}" ${key}`;
    }
    await el.click();
    return `${name}: click`;
  }

  /** A few keys on some control, as a keyboard user would press them. */
  async function keys(state) {
    const selector = state.modal ? `dialog[open] ${CONTROLS}` : `main#main :is(${CONTROL_LIST}, [data-testid=sim-stage])`;
    const found = await usable(page, selector);
    if (!found.length) throw new Skip("nothing focusable");
    const info = rng.pick(found);
    const el = page.locator(selector).nth(info.index);
    await el.focus();
    const pressed = Array.from({ length: 1 + rng.int(4) }, () =>
      rng.pick(["ArrowLeft", "ArrowRight", "ArrowUp", "ArrowDown", "Home", "End", "Enter", " ", "Escape", "Tab", "Shift+Tab"]),
    );
    for (const key of pressed) await page.keyboard.press(key);
    return `${info.testid || info.tag} ${pressed.map((k) => (k === " " ? "Space" : k)).join(" ")}`;
  }

  /** An in-app link away from the lesson (the footer, the brand): the loop comes back. */
  async function wander() {
    const selector = ".lesson-footer a, header.app-header .brand";
    const found = await usable(page, selector);
    if (!found.length) throw new Skip("no in-app link");
    const link = page.locator(selector).nth(rng.pick(found).index);
    const href = await link.getAttribute("href");
    await link.click();
    return `to ${href}`;
  }

  async function pause() {
    const ms = 100 + rng.int(700);
    await page.waitForTimeout(ms);
    return `${ms} ms`;
  }

  async function scroll() {
    const dy = Math.round((rng.next() - 0.5) * 1600);
    await page.mouse.wheel(0, dy);
    return `${dy} px`;
  }

  async function resize() {
    const size = rng.pick(VIEWPORTS);
    await page.setViewportSize(size);
    return `${size.width}×${size.height}`;
  }

  const ACTIONS = [
    ["transport", transport, 14],
    ["slider", slider, 10],
    ["scrub", scrub, 10],
    ["tab", tab, 6],
    ["quiz", quiz, 12],
    ["node-menu", nodeMenu, 8],
    ["fault", faultButton, 6],
    ["canvas", canvasPoke, 4],
    ["any", anyControl, 18],
    ["keys", keys, 6],
    ["pause", pause, 4],
    ["scroll", scroll, 3],
    ["resize", resize, 1],
    ["wander", wander, 1],
  ];

  /** The monkey on lesson `id` until `until` (a Date.now() instant). */
  async function monkey(id, until) {
    await goToLesson(id);
    let state = await check();
    while (Date.now() < until) {
      if (state.lesson !== id || state.view !== "all") {
        await goToLesson(id);
        state = await check();
      }
      if (state.modal && rng.chance(0.3)) {
        state = await act("escape", async () => {
          await page.keyboard.press("Escape");
          return "closes the dialog";
        });
        continue;
      }
      const [kind, fn] = state.modal ? ["any", anyControl] : rng.weighted(ACTIONS.map(([k, f, w]) => [[k, f], w]));
      state = await act(kind, () => fn(state));
    }
  }

  // ----- Warm-up: every lesson, every tab run to its end, a few random actions -----
  const started = Date.now();
  for (const id of lessons) {
    await goToLesson(id);
    const tabIds = await page.locator(".sim-tabs [role=tab]").evaluateAll((ts) => ts.map((t) => t.id));
    for (const tabId of tabIds.length ? tabIds : [null]) {
      await act("warm-up", async () => {
        if (tabId) await page.locator(`[id="${tabId}"]`).click();
        const timeline = page.locator("[data-testid=sim-widget] [data-testid=sim-timeline]").first();
        const max = Number(await timeline.getAttribute("max"));
        await setRange(timeline, max);
        await setRange(timeline, 0);
        return `${tabId ?? "the only tab"} to its end and back`;
      });
    }
    await monkey(id, Date.now() + WARMUP_MS_PER_LESSON);
  }
  baseline = await measure(page, cdp);
  baselineAt = done + skipped;
  assert.ok(baseline.wasm > 0, "the wasm memory was captured from Trunk's TrunkApplicationStarted event");
  const warmedUp = Date.now();

  // ----- The soak -----
  const deadline = warmedUp + perLessonMs * lessons.length;
  for (const [k, id] of lessons.entries()) {
    await monkey(id, Math.min(deadline, warmedUp + perLessonMs * (k + 1)));
    if (!baseline) {
      // The page reloaded: this document's readings start here.
      baseline = await measure(page, cdp);
      baselineAt = done + skipped;
    }
  }
  const final = await measure(page, cdp);
  await check();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  const wasmGrowth = final.wasm / baseline.wasm;
  const jsGrowth = final.js / baseline.js;
  const byKind = Object.entries(kinds).map(([k, n]) => `${k} ${n}`).join(", ");
  console.log(
    `    soak: seed ${seed}, ${lessons.length} lessons, ${done} actions done + ${skipped} skipped in ${seconds} s ` +
      `(${byKind}); sim time advanced ${advances}× (max ${(maxNowUs / 1000).toFixed(1)} ms); ` +
      `wasm memory ${mb(baseline.wasm)} → ${mb(final.wasm)} (×${wasmGrowth.toFixed(2)}), ` +
      `JS heap ${mb(baseline.js)} → ${mb(final.js)} (×${jsGrowth.toFixed(2)})` +
      (reloads ? `; ${reloads} reload(s), baseline from action #${baselineAt}` : ""),
  );

  if (process.env.DISTLAB_SOAK_TRACE) console.log(`    ${trace.join("\n    ")}`);
  for (const id of lessons) {
    assert.ok(donePerLesson[id] >= MIN_DONE_PER_LESSON, `seed ${seed}: only ${donePerLesson[id]} actions done on ${id}`);
  }
  for (const kind of REQUIRED_KINDS) {
    assert.ok((kinds[kind] ?? 0) > 0, `seed ${seed}: no "${kind}" action was ever done (${byKind})`);
  }
  assert.ok(maxNowUs > 0 && advances > 0, `seed ${seed}: the simulated time never advanced`);
  assert.ok(wasmGrowth <= MAX_GROWTH, `seed ${seed}: the wasm memory grew ${mb(baseline.wasm)} → ${mb(final.wasm)}`);
  assert.ok(jsGrowth <= MAX_GROWTH, `seed ${seed}: the JS heap grew ${mb(baseline.js)} → ${mb(final.js)}`);
});
