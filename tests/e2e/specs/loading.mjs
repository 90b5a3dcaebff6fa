// Lesson text, quizzes and each lesson's wasm chunk are fetched from DistLab's own
// origin when a lesson opens: what is fetched when, the loading state, a failed fetch's
// retry, and that going from lesson to lesson keeps what the reader expects.
import assert from "node:assert/strict";
import { screenshot, test } from "../lib.mjs";

/** The paths (under the app's sub-path) of the lesson files `page` has requested. */
function lessonFiles(page, app) {
  const seen = [];
  page.on("request", (request) => {
    const url = request.url();
    if (url.startsWith(app.url + "lessons/")) seen.push(url.slice(app.url.length));
  });
  return seen;
}

test("a lesson fetches its own text and quiz files, and another lesson's only when it opens", async ({ context, app }) => {
  const page = await context.newPage();
  const seen = lessonFiles(page, app);
  await page.goto(app.url + "?lesson=intro");
  await page.locator(".reading .prose h2").first().waitFor();
  await page.locator("fieldset.quiz-question").first().waitFor();
  assert.deepEqual([...seen].sort(), ["lessons/intro/quiz.toml", "lessons/intro/text.json"]);
  assert.equal(await page.getByTestId("text-loading").count(), 0, "the loading line is gone");

  await page.locator(".lesson-footer .next").click();
  await page.waitForSelector('article.lesson[data-lesson="messages"] .reading .prose h2');
  assert.ok(seen.includes("lessons/messages/text.json"), `messages' text fetched on opening it: ${seen}`);
  assert.ok(!seen.some((path) => path.startsWith("lessons/clocks/")), `clocks' files are not fetched: ${seen}`);
});

/** The wasm chunks (`split_<name>-<hash>.wasm`: one per lesson, and `quiz`) `page` has requested. */
function lessonChunks(page, app) {
  const seen = [];
  page.on("request", (request) => {
    const match = request.url().slice(app.url.length).match(/^split_([a-z_]+)-[0-9a-f]{16}\.wasm$/);
    if (match) seen.push(match[1]);
  });
  return seen;
}

test("a lesson's code is fetched when it opens, and going to another lesson and back keeps quiz answers and theme", async ({ context, app }) => {
  const page = await context.newPage();
  const chunks = lessonChunks(page, app);
  await page.goto(app.url + "?lesson=intro");
  await page.locator("[data-testid=sim-widget]").waitFor();
  await page.locator("fieldset.quiz-question").first().waitFor();
  assert.deepEqual([...chunks].sort(), ["intro", "quiz"], "only the intro lesson's chunk, and the quiz");

  const card = page.locator("fieldset.quiz-question").filter({ has: page.locator("input[type=radio]") }).first();
  const id = await card.getAttribute("data-question");
  await card.locator("input[type=radio]").first().check();
  await card.getByRole("button", { name: "Check" }).click();
  await card.getByTestId("quiz-feedback").waitFor();
  const theme = await page.getAttribute("html", "data-theme");
  await page.getByTestId("theme-toggle").click();
  await page.waitForFunction((before) => document.documentElement.dataset.theme !== before, theme);
  const toggled = await page.getAttribute("html", "data-theme");

  await page.locator(".lesson-footer .next").click();
  await page.waitForSelector('article.lesson[data-lesson="messages"] [data-testid=sim-widget]');
  assert.deepEqual([...chunks].sort(), ["intro", "messages", "quiz"], "the messages chunk is fetched on opening it");

  await page.goBack();
  const again = page.locator(`article.lesson[data-lesson="intro"] fieldset.quiz-question[data-question="${id}"]`);
  await again.getByTestId("quiz-feedback").waitFor();
  assert.equal(await page.getAttribute("html", "data-theme"), toggled, "the theme is kept");
  await page.locator('article.lesson[data-lesson="intro"] [data-testid=sim-widget]').waitFor();
  assert.deepEqual([...chunks].sort(), ["intro", "messages", "quiz"], "coming back fetches nothing again");
});

test("a lesson whose code cannot be fetched says so, and Try again loads it", async ({ context, app }) => {
  let failing = true;
  await context.route("**/split_intro-*.wasm", (route) => (failing ? route.abort("failed") : route.continue()));
  const page = await context.newPage();
  await page.goto(app.url + "?lesson=intro");
  const failed = page.getByTestId("lesson-failed").first();
  await failed.waitFor();
  assert.match(await failed.innerText(), /could not be loaded.*could not be downloaded/s);
  assert.ok(await page.locator("h1").first().isVisible(), "the page itself still works");
  failing = false;
  await failed.getByRole("button", { name: "Try again" }).click();
  await page.locator("[data-testid=sim-widget]").waitFor();
  await page.locator(".reading .prose h2").first().waitFor();
}, { allowConsole: [/ERR_FAILED|Failed to fetch|TypeError|wasm/i] });

test("an address with a #section scrolls to it once the text has arrived", async ({ open }) => {
  const page = await open("?lesson=clocks#section-vector-clocks-before-after-or-concurrent", { waitFor: "#section-vector-clocks-before-after-or-concurrent" });
  await page.waitForFunction(() => {
    const top = document.getElementById("section-vector-clocks-before-after-or-concurrent").getBoundingClientRect().top;
    return top >= 0 && top < window.innerHeight;
  });
});

test("a lesson text that cannot be fetched says so, and Try again loads it", async ({ context, app }) => {
  let failing = true;
  await context.route("**/lessons/intro/text.json", (route) =>
    failing ? route.fulfill({ status: 503, body: "down" }) : route.continue(),
  );
  const page = await context.newPage();
  await page.goto(app.url + "?lesson=intro");
  const failed = page.getByTestId("text-failed");
  await failed.waitFor();
  assert.match(await failed.innerText(), /could not be loaded.*503/s);
  assert.ok(await page.locator("[data-testid=sim-widget]").isVisible(), "the simulation works without the text");
  await screenshot(page, "text-failed");
  failing = false;
  await failed.getByRole("button", { name: "Try again" }).click();
  await page.locator(".reading .prose h2").first().waitFor();
  assert.equal(await page.getByTestId("text-failed").count(), 0);
}, { allowConsole: [/503/] });

test("a lesson quiz file that cannot be fetched says so, and Try again loads it", async ({ context, app }) => {
  let failing = true;
  await context.route("**/lessons/messages/quiz.toml", (route) =>
    failing ? route.abort("failed") : route.continue(),
  );
  const page = await context.newPage();
  await page.goto(app.url + "?lesson=messages&view=quiz");
  const problems = page.getByTestId("quiz-file-problems");
  await problems.waitFor();
  assert.match(await problems.innerText(), /network error/);
  failing = false;
  await page.getByRole("button", { name: "Try again" }).click();
  await page.locator("fieldset.quiz-question").first().waitFor();
}, { allowConsole: [/ERR_FAILED|Failed to load/] });

test("the home page fetches no quiz file for lessons not started", async ({ context, app }) => {
  const page = await context.newPage();
  const seen = lessonFiles(page, app);
  const chunks = lessonChunks(page, app);
  await page.goto(app.url);
  await page.locator('[data-testid="lesson-progress"]').first().waitFor();
  const lines = await page.locator('[data-testid="lesson-progress"]').allInnerTexts();
  assert.ok(lines.length >= 3 && lines.every((line) => /Quiz: not started/.test(line)), `${lines}`);
  await page.waitForLoadState("networkidle");
  assert.deepEqual(seen, [], "nothing under lessons/ was fetched");
  assert.deepEqual(chunks, [], "no lesson's code and not the quiz's");
});

test("an embedded simulation fetches its lesson's code and not the quiz's", async ({ context, app }) => {
  const page = await context.newPage();
  const chunks = lessonChunks(page, app);
  await page.goto(app.url + "?lesson=clocks&view=sim&scenario=lww&chrome=0");
  await page.locator("[data-testid=sim-widget]").waitFor();
  await page.waitForLoadState("networkidle");
  assert.deepEqual(chunks, ["clocks"]);
});

test("a started lesson's progress on the home page loads the quiz code and grades the saved answers", async ({ context, app }) => {
  const page = await context.newPage();
  await page.goto(app.url + "?lesson=messages&view=quiz");
  const card = page.locator("fieldset.quiz-question").filter({ has: page.locator("input[type=radio]") }).first();
  await card.locator("input[type=radio]").first().check();
  await card.getByRole("button", { name: "Check" }).click();
  await card.getByTestId("quiz-feedback").waitFor();
  const home = await context.newPage();
  const chunks = lessonChunks(home, app);
  await home.goto(app.url);
  const line = home.locator('li[data-lesson="messages"] [data-testid="lesson-progress"]');
  await home.waitForFunction(() => /Quiz: \d+ (of|questions)/.test(document.querySelector('li[data-lesson="messages"] [data-testid="lesson-progress"]')?.textContent ?? ""));
  assert.match(await line.innerText(), /Quiz: (\d+ of \d+ correct|\d+ questions, not started)/);
  assert.deepEqual(chunks, ["quiz"], "the quiz code, and no lesson's");
});
