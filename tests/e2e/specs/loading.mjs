// Lesson text and quizzes are static files, fetched from DistLab's own origin when a
// lesson opens: what is fetched when, the loading state, and a failed fetch's retry.
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
  await page.goto(app.url + "?lesson=clocks");
  await page.locator(".reading .prose h2").first().waitFor();
  await page.locator("fieldset.quiz-question").first().waitFor();
  assert.deepEqual([...seen].sort(), ["lessons/clocks/quiz.toml", "lessons/clocks/text.json"]);
  assert.equal(await page.getByTestId("text-loading").count(), 0, "the loading line is gone");

  await page.locator(".lesson-footer .prev").click();
  await page.waitForSelector('article.lesson[data-lesson="messages"] .reading .prose h2');
  assert.ok(seen.includes("lessons/messages/text.json"), `messages' text fetched on opening it: ${seen}`);
  assert.ok(!seen.some((path) => path.startsWith("lessons/intro/")), `intro's files are not fetched: ${seen}`);
});

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
  await page.goto(app.url);
  await page.locator('[data-testid="lesson-progress"]').first().waitFor();
  const lines = await page.locator('[data-testid="lesson-progress"]').allInnerTexts();
  assert.ok(lines.length >= 3 && lines.every((line) => /Quiz: not started/.test(line)), `${lines}`);
  assert.deepEqual(seen, [], "nothing under lessons/ was fetched");
});
