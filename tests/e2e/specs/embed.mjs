// Embedding: a course page on another origin embeds DistLab through public/embed.js.
// Frames fit their content, quiz results reach the course page, malformed host
// messages change nothing, chrome=0 and view= show what they say, and the Embed
// dialog's snippet reopens the same view.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { DIST, HERE, screenshot, startStaticServer, test } from "../lib.mjs";

// The course page lives on a second loopback server, so on another origin.
const course = await startStaticServer(join(HERE, "course-page"), "/");
const ON_COURSE_PAGE = { origins: [course.origin] };

const SIM = "?lesson=intro&view=sim&chrome=0";
const QUIZ = "?lesson=clocks&view=quiz&quiz=example-quiz.toml&chrome=0";
// Chrome may pause animation frames in a cross-origin frame, so wait by polling.
const POLL = { polling: 100, timeout: 10000 };

async function openCoursePage(context, app) {
  const page = await context.newPage();
  await page.goto(`${course.url}?app=${encodeURIComponent(app.url)}`);
  await page.waitForFunction(() => window.DistLabEmbed, null, { timeout: 10000 });
  return page;
}

/** Adds a DistLab frame to the course page and waits until DistLab has started in it. */
async function addFrame(page, id, query, height = 150) {
  await page.evaluate(([id, query, height]) => window.addFrame(id, query, height), [id, query, height]);
  const frame = await (await page.$(`#${id}`)).contentFrame();
  await frame.waitForSelector("main#main > *", { timeout: 20000 });
  return frame;
}

/** Waits until the iframe is as tall as its content (within 2 px); returns both heights. */
async function fitted(page, frame, id) {
  let last;
  for (let i = 0; i < 100; i++) {
    const inner = await frame.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const outer = await page.evaluate((id) => document.getElementById(id).clientHeight, id);
    last = { inner, outer };
    if (Math.abs(inner - outer) <= 2) return last;
    await page.waitForTimeout(100);
  }
  throw new Error(`#${id} never fitted its content: ${JSON.stringify(last)}`);
}

const received = (page, origin) =>
  page.evaluate((origin) => window.received.filter((m) => m.origin === origin).map((m) => m.data), origin);
const resizeCount = (page) =>
  page.evaluate(() => window.received.filter((m) => m.data && m.data.type === "distlab:resize").length);

/**
 * Asks frame `id` for its height and waits for the answer. DistLab handles requests in
 * order and its messages to the course page arrive in order, so once the answer is in,
 * every request posted before has been handled and everything it posted before has arrived.
 */
async function roundTrip(page, id) {
  const count = await resizeCount(page);
  await page.evaluate(
    (id) => document.getElementById(id).contentWindow.postMessage({ type: "distlab:request-height" }, "*"),
    id,
  );
  await page.waitForFunction(
    (n) => window.received.filter((m) => m.data?.type === "distlab:resize").length > n,
    count,
    POLL,
  );
}

test("embed: a course page on another origin sizes a frame to its content", async ({ context, app }) => {
  const page = await openCoursePage(context, app);
  const frame = await addFrame(page, "sim", SIM);
  const first = await fitted(page, frame, "sim");
  assert.ok(first.outer > 150, `the frame grew from its 150px start: ${JSON.stringify(first)}`);

  // chrome=0: no header, skip link, footer navigation or Embed button.
  for (const selector of [".app-header", ".skip-link", ".lesson-footer", "[data-testid=embed-button]"]) {
    assert.equal(await frame.locator(selector).count(), 0, `${selector} is hidden with chrome=0`);
  }

  // Content grows: the frame follows; content shrinks back: so does the frame.
  await frame.evaluate(() => {
    const block = document.createElement("div");
    block.id = "grown";
    block.style.height = "700px";
    document.getElementById("main").appendChild(block);
  });
  await page.waitForFunction((h) => document.getElementById("sim").clientHeight > h + 600, first.outer);
  const grown = await fitted(page, frame, "sim");
  assert.ok(Math.abs(grown.outer - first.outer - 700) <= 3, `grew by 700px: ${first.outer} → ${grown.outer}`);
  await frame.evaluate(() => document.getElementById("grown").remove());
  await page.waitForFunction((h) => document.getElementById("sim").clientHeight < h - 600, grown.outer);
  const shrunk = await fitted(page, frame, "sim");
  assert.ok(Math.abs(shrunk.outer - first.outer) <= 3, `shrank back: ${first.outer} vs ${shrunk.outer}`);

  // The three dialects of the height message, all from DistLab's origin.
  const messages = await received(page, app.origin);
  const ours = messages.filter((m) => m && m.type === "distlab:resize");
  assert.ok(ours.length >= 3, `one message per change: ${ours.length}`);
  const latest = ours.at(-1);
  assert.deepEqual(Object.keys(latest).sort(), ["height", "lesson", "type", "version", "view"]);
  assert.equal(latest.version, 1);
  assert.equal(latest.lesson, "intro");
  assert.ok(["sim", "all"].includes(latest.view), latest.view);
  assert.ok(Math.abs(latest.height - shrunk.inner) <= 1, `reported ${latest.height}, measured ${shrunk.inner}`);
  const h5p = messages.filter((m) => m && m.context === "h5p");
  assert.deepEqual(h5p.at(-1), { context: "h5p", action: "resize", scrollHeight: latest.height });
  const lti = messages.filter((m) => typeof m === "string").map((m) => JSON.parse(m));
  assert.deepEqual(lti.at(-1), { subject: "lti.frameResize", height: latest.height });
  const events = await page.evaluate(() => window.events.filter((e) => e.type === "distlab:resize"));
  assert.ok(events.length >= 3 && events.every((e) => e.target === "sim"), "embed.js re-dispatches on the iframe");
  assert.equal(events.at(-1).detail.height, latest.height);
  await screenshot(page, "embed-course-page-sim");
}, ON_COURSE_PAGE);

test("embed: quiz answers and completion reach the course page", async ({ context, app }) => {
  const page = await openCoursePage(context, app);
  const frame = await addFrame(page, "quiz", QUIZ);
  const question = frame.locator('[data-question="timestamps-across-servers"]');
  await question.waitFor({ timeout: 20000 });
  assert.equal(await frame.locator(".reading, .sim-area").count(), 0, "view=quiz shows only the quiz");
  const before = await fitted(page, frame, "quiz");

  await question.locator("input").nth(1).check(); // "False" is right
  await question.locator(".quiz-check").click();
  await page.waitForFunction(() => window.events.some((e) => e.type === "distlab:quiz-answer"));
  const [answer] = await page.evaluate(() => window.events.filter((e) => e.type === "distlab:quiz-answer"));
  assert.equal(answer.target, "quiz");
  const { statement, ...fields } = answer.detail;
  assert.deepEqual(fields, {
    type: "distlab:quiz-answer",
    version: 1,
    lesson: "clocks",
    question: "timestamps-across-servers",
    correct: true,
    score: 1,
    max: 6,
    completed: false,
  });
  assert.equal(statement.actor, undefined, "no actor: the course page knows the learner");
  assert.equal(statement.verb.id, "http://adlnet.gov/expapi/verbs/answered");
  const quizId = `${app.url}?lesson=clocks&view=quiz&quiz=example-quiz.toml`;
  assert.equal(statement.object.id, `${quizId}#question=timestamps-across-servers`);
  assert.deepEqual(statement.result, { success: true, score: { raw: 1, min: 0, max: 1, scaled: 1 } });
  assert.equal(statement.context.contextActivities.parent[0].id, quizId);
  assert.ok(!Number.isNaN(Date.parse(statement.timestamp)), statement.timestamp);

  // The feedback made the quiz taller, and the frame followed.
  const after = await fitted(page, frame, "quiz");
  assert.ok(after.outer > before.outer, `frame grew with the feedback: ${before.outer} → ${after.outer}`);

  // Answer everything else (right or wrong) to complete the quiz.
  for (const card of await frame.locator("fieldset.quiz-question").all()) {
    if ((await card.locator(".quiz-retry").count()) > 0) continue;
    const choices = card.locator("input[type=radio], input[type=checkbox]");
    if ((await choices.count()) > 0) await choices.first().check();
    const number = card.locator("input[inputmode=decimal]");
    if ((await number.count()) > 0) await number.fill("180");
    await card.locator(".quiz-check").click();
  }
  await page.waitForFunction(() => window.events.some((e) => e.type === "distlab:quiz-complete"), null, {
    timeout: 10000,
  });
  // Whatever the frame posts after the completion (a second one, say) arrives before this answer.
  await roundTrip(page, "quiz");
  const all = await page.evaluate(() => window.events.filter((e) => e.type.startsWith("distlab:quiz")));
  assert.equal(all.filter((e) => e.type === "distlab:quiz-answer").length, 6, "one answer event per question");
  const complete = all.filter((e) => e.type === "distlab:quiz-complete");
  assert.equal(complete.length, 1, "completion is reported once");
  const done = complete[0].detail;
  assert.equal(done.lesson, "clocks");
  assert.equal(done.max, 6);
  assert.ok(done.score >= 1 && done.score <= 6, `score ${done.score}`);
  assert.equal(done.statement.verb.id, "http://adlnet.gov/expapi/verbs/completed");
  assert.equal(done.statement.object.id, quizId);
  assert.equal(done.statement.result.completion, true);
  assert.equal(done.statement.result.score.scaled, done.score / 6);
  assert.equal(all.at(-2).detail.completed, true, "the last answer says the quiz is complete");
  await screenshot(page, "embed-course-page-quiz");
}, ON_COURSE_PAGE);

test("embed: malformed or foreign host messages change nothing", async ({ context, app }) => {
  const page = await openCoursePage(context, app);
  const frame = await addFrame(page, "sim", SIM);
  await fitted(page, frame, "sim");
  const theme = await frame.evaluate(() => document.documentElement.dataset.theme);
  const other = theme === "dark" ? "light" : "dark";
  // Move the simulation on, and mark it, to see whether anything resets it.
  const time = frame.getByTestId("sim-time");
  const startTime = await time.innerText();
  for (let i = 0; i < 3; i++) await frame.getByTestId("sim-step").click();
  const movedTime = await time.innerText();
  assert.notEqual(movedTime, startTime, "stepping moves the simulation on");
  await frame.evaluate(() => (document.querySelector("#sim-panel > *").dataset.marker = "kept"));

  await page.evaluate((other) => {
    const target = document.getElementById("sim").contentWindow;
    const cyclic = { type: "distlab:reset" };
    cyclic.self = cyclic;
    const garbage = [
      { type: "distlab:set-theme", theme: "pink" },
      { type: "distlab:set-theme", theme: 1 },
      { type: "distlab:set-theme", theme: [other] },
      { type: "distlab:set-theme", theme: other, extra: true },
      { type: "distlab:set-theme", theme: other, version: 2 },
      { type: "distlab:set-theme", theme: other, version: "1" },
      { type: "DISTLAB:SET-THEME", theme: other },
      { type: ["distlab:set-theme"], theme: other },
      { type: "distlab:set-theme", theme: other.padEnd(100000, " ") },
      { type: "distlab:reset", force: true },
      { type: "distlab:reset" + "x".repeat(100) },
      { type: "distlab:reset", pad: "x".repeat(1000000) },
      { type: "distlab:reset", n: 10n },
      cyclic,
      "distlab:reset",
      `{"type":"distlab:set-theme","theme":"${other}"`,
      JSON.stringify({ type: "distlab:set-theme", theme: other, x: 1 }),
      "x".repeat(2000000),
      42,
      null,
      undefined,
      true,
      [{ type: "distlab:reset" }],
      new Date(),
      new Uint8Array(8),
      { context: "h5p", action: "resize" },
      JSON.stringify({ subject: "lti.frameResize", height: 1 }),
      { type: "distlab:resize", version: 1, height: 5 },
      { type: "distlab:request-height", height: 5 },
      // Prototype tricks: an own "__proto__" key, and a type only on the prototype.
      JSON.parse('{"__proto__": {"type": "distlab:reset"}, "theme": "x"}'),
      JSON.parse(`{"type": "distlab:set-theme", "__proto__": {"theme": "${other}"}}`),
      Object.create({ type: "distlab:reset" }),
      { type: "distlab:set-theme", theme: other, constructor: { prototype: { polluted: true } } },
    ];
    for (const message of garbage) target.postMessage(message, "*");
    // A well-formed request from a window that is not the frame's parent; it says when it has posted.
    const helper = document.createElement("iframe");
    helper.srcdoc = `<script>parent.document.getElementById("sim").contentWindow.postMessage(
      { type: "distlab:set-theme", theme: "${other}" }, "*");
      parent.document.getElementById("sim").contentWindow.postMessage({ type: "distlab:reset" }, "*");
      parent.helperPosted = true;<\/script>`;
    document.body.appendChild(helper);
  }, other);
  // Positive signals first: the helper frame has posted, and a height request posted
  // after everything above is answered. Messages are handled in order, so by then all
  // of the above have been seen.
  await page.waitForFunction(() => window.helperPosted === true, null, POLL);
  await roundTrip(page, "sim");

  assert.equal(await frame.evaluate(() => document.documentElement.dataset.theme), theme, "theme unchanged");
  assert.equal(await frame.locator("[data-marker=kept]").count(), 1, "simulation not rebuilt");
  assert.equal(await time.innerText(), movedTime, "simulation not reset");
  assert.equal(await frame.locator("main#main").count(), 1, "the page still stands");

  // The documented messages do work, from the parent.
  await page.evaluate((other) => window.DistLabEmbed.setTheme(document.getElementById("sim"), other), other);
  await frame.waitForFunction((other) => document.documentElement.dataset.theme === other, other, POLL);
  assert.equal(
    await frame.evaluate(() => localStorage.getItem("distlab.theme")),
    null,
    "a host's theme is not remembered as the reader's choice",
  );
  await page.evaluate(() => window.DistLabEmbed.reset(document.getElementById("sim")));
  await frame.waitForFunction(() => !document.querySelector("[data-marker=kept]"), null, POLL);
  assert.equal(await time.innerText(), startTime, "reset: back to the state the address describes");
}, ON_COURSE_PAGE);

test("embed: origin= pins where messages go and whom DistLab listens to", async ({ context, app }) => {
  const page = await openCoursePage(context, app);
  const pinned = await addFrame(page, "pinned", `${SIM}&origin=${encodeURIComponent(course.origin)}`);
  await fitted(page, pinned, "pinned");
  await page.evaluate(() => window.DistLabEmbed.setTheme(document.getElementById("pinned"), "dark"));
  await pinned.waitForFunction(() => document.documentElement.dataset.theme === "dark", null, POLL);

  const elsewhere = await addFrame(page, "elsewhere", `${SIM}&origin=https://elsewhere.example&theme=light`, 151);
  // Watch the requests arrive in the frame: DistLab listened from start-up, before this
  // listener, so it has handled each message by the time this one sees it.
  await elsewhere.evaluate(() => {
    window.seenTypes = [];
    window.addEventListener("message", (event) => window.seenTypes.push(event.data?.type));
  });
  await page.evaluate(() => {
    const frame = document.getElementById("elsewhere");
    window.DistLabEmbed.setTheme(frame, "dark");
    window.DistLabEmbed.requestHeight(frame);
  });
  await elsewhere.waitForFunction(
    () => window.seenTypes.includes("distlab:set-theme") && window.seenTypes.includes("distlab:request-height"),
    null,
    POLL,
  );
  // Anything DistLab posted in answer would have left before this marker, which does
  // reach the course page (and embed.js handles messages as they arrive).
  await elsewhere.evaluate(() => parent.postMessage({ type: "test:after-requests" }, "*"));
  await page.waitForFunction(() => window.received.some((m) => m.data?.type === "test:after-requests"), null, POLL);
  assert.equal(await page.evaluate(() => document.getElementById("elsewhere").clientHeight), 151, "no height came");
  assert.equal(await elsewhere.evaluate(() => document.documentElement.dataset.theme), "light", "request ignored");
}, { ...ON_COURSE_PAGE, allowConsole: [/target origin provided \('https:\/\/elsewhere\.example'\)/] });

test("embed: chrome=0 hides the header; view= shows one part; bad values get notices", async ({ open }) => {
  const full = await open("?lesson=clocks&quiz=example-quiz.toml");
  assert.equal(await full.locator(".app-header").count(), 1, "the header is there by default");

  const quiz = await open(QUIZ, { waitFor: "[data-testid=quiz-panel]" });
  assert.equal(await quiz.locator(".app-header, .skip-link, .lesson-footer").count(), 0);
  assert.equal(await quiz.locator("article.lesson").getAttribute("data-view"), "quiz");
  assert.equal(await quiz.locator(".reading, .sim-area, .lesson-header").count(), 0, "only the quiz");
  assert.equal(await quiz.locator(".quiz-area").count(), 1);
  assert.equal(await quiz.locator("[data-testid=notices]").count(), 0, "no notices for a good link");

  // (view= naming a part the lesson lacks falls back too; unit-tested in src/embed.rs.)
  const odd = await open("?lesson=intro&scenario=no-such-simulation&chrome=maybe", { waitFor: ".sim-area" });
  const text = await odd.getByTestId("notices").innerText();
  for (const param of ["scenario", "chrome"]) assert.match(text, new RegExp(`“${param}”`));
  assert.match(text, /no simulation called “no-such-simulation”; showing “[a-z0-9-]+”/);
  assert.equal(await odd.locator("article.lesson").getAttribute("data-view"), "all");
  assert.equal(await odd.locator(".app-header").count(), 1, "a malformed chrome= keeps the default");
});

test("embed: the Embed dialog's snippet reopens the same view, also on a course page", async ({ open, context, app }) => {
  const page = await open("?lesson=clocks&quiz=example-quiz.toml");
  const button = page.getByTestId("embed-button");
  await button.click();
  const dialog = page.getByTestId("embed-dialog");
  await dialog.waitFor();
  assert.ok(await dialog.evaluate((d) => d.open && d.matches(":modal")), "a modal dialog");
  assert.ok(await dialog.evaluate((d) => d.contains(document.activeElement)), "focus moved into the dialog");
  await screenshot(page, "embed-dialog", { fullPage: false });

  await dialog.getByLabel("Quiz only").check();
  const code = await page.getByTestId("embed-code").inputValue();
  const [iframeLine, scriptLine] = code.split("\n");
  const src = iframeLine.match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
  assert.ok(src.startsWith(app.url + "?"), `absolute address under the sub-path: ${src}`);
  const params = new URL(src).searchParams;
  assert.equal(params.get("lesson"), "clocks");
  assert.equal(params.get("view"), "quiz");
  assert.equal(params.get("chrome"), "0");
  assert.match(iframeLine, / data-distlab /);
  assert.equal(scriptLine, `<script src="${app.url}embed.js" defer></script>`);
  assert.equal(await page.getByTestId("embed-url").getAttribute("href"), src);

  // Copy: the clipboard gets the code (or, where refused, the code is selected).
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  await page.getByTestId("embed-copy").click();
  await page.waitForFunction(() => /Copied|Could not copy/.test(document.querySelector(".embed-status").textContent));
  if (/Copied/.test(await page.locator(".embed-status").innerText())) {
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  }

  await page.keyboard.press("Escape");
  await page.waitForFunction(() => !document.querySelector("[data-testid=embed-dialog]").open);
  assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "embed-button", "focus returns");

  // The snippet's address shows the same view on its own…
  assert.equal(params.get("quiz"), "example-quiz.toml", "the instructor's quiz file is kept");
  const direct = await open(src.slice(app.url.length), { waitFor: "[data-testid=quiz-panel]" });
  assert.equal(await direct.locator("article.lesson").getAttribute("data-lesson"), "clocks");
  assert.equal(await direct.locator("article.lesson").getAttribute("data-view"), "quiz");
  assert.equal(await direct.locator(".app-header").count(), 0);

  // …and the whole snippet works pasted into a course page on another origin.
  // The simulation's live state goes into the snippet: seed, scenario, instant.
  const whole = await open("?lesson=intro&seed=42", { waitFor: "[data-testid=sim-widget]" });
  for (let i = 0; i < 4; i++) await whole.getByTestId("sim-step").click();
  const simTime = await whole.getByTestId("sim-time").innerText();
  await whole.getByTestId("embed-button").click();
  await whole.getByTestId("embed-dialog").getByLabel("Simulation only").check();
  const simSrc = (await whole.getByTestId("embed-code").inputValue()).match(/src="([^"]+)"/)[1].replaceAll("&amp;", "&");
  const simParams = new URL(simSrc).searchParams;
  assert.equal(simParams.get("seed"), "42", "the simulation's seed is kept");
  assert.ok(simParams.get("scenario"), "the open simulation is named");
  assert.ok(Number(simParams.get("t")) > 0, `the instant is kept: ${simSrc}`);
  const reopened = await open(simSrc.slice(app.url.length), { waitFor: "[data-testid=sim-widget]" });
  assert.equal(await reopened.locator("article.lesson").getAttribute("data-view"), "sim");
  assert.equal(await reopened.getByTestId("sim-time").innerText(), simTime, "same instant");
  assert.equal(await reopened.getByTestId("sim-seed").inputValue(), "42", "same seed");
  await whole.getByTestId("embed-dialog").getByLabel("Whole lesson").check();
  const snippet = await whole.getByTestId("embed-code").inputValue();
  const wholeView = await whole.locator("article.lesson").getAttribute("data-view");
  const coursePage = await openCoursePage(context, app);
  await coursePage.evaluate((html) => {
    const holder = document.createElement("div");
    holder.innerHTML = html; // the <script> line does not run this way; embed.js is already here
    holder.querySelector("iframe").id = "pasted";
    document.getElementById("frames").appendChild(holder);
  }, snippet);
  const pasted = await (await coursePage.$("#pasted")).contentFrame();
  await pasted.waitForSelector("article.lesson", { timeout: 20000 });
  assert.equal(await pasted.locator("article.lesson").getAttribute("data-view"), wholeView);
  assert.equal(await pasted.locator(".app-header").count(), 0);
  await fitted(coursePage, pasted, "pasted");
}, ON_COURSE_PAGE);

test("embed: dist/ ships embed.js and the example course page at its root", async ({ context, app }) => {
  const index = readFileSync(join(DIST, "index.html"), "utf8");
  const rooted = [...index.matchAll(/\b(?:src|href)="(\/[^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(rooted, [], "no root-absolute addresses in index.html");
  assert.ok(readFileSync(join(DIST, "embed.js"), "utf8").includes("DistLabEmbed"), "dist/embed.js");

  const page = await context.newPage();
  await page.goto(app.url + "embed-example.html");
  for (const id of ["sim", "quiz"]) {
    const frame = await (await page.$(`#${id}`)).contentFrame();
    await frame.waitForSelector("article.lesson", { timeout: 20000 });
    await fitted(page, frame, id);
  }
  await page.locator("#quiz").scrollIntoViewIfNeeded();
  await screenshot(page, "embed-example");
});
