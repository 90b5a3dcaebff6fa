// Quizzes: grading right and wrong, saved progress across reloads, a corrupt
// progress record, an instructor's own quiz file and a broken one.
import assert from "node:assert/strict";
import { screenshot, test } from "../lib.mjs";

const CUSTOM = "?lesson=clocks&quiz=example-quiz.toml";

/** The fieldset of one question in the quiz panel. */
const question = (page, id) => page.locator(`fieldset.quiz-question[data-question="${id}"]`);

async function answerTrueFalse(page, id, value) {
  const card = question(page, id);
  await card.getByLabel(value ? "True" : "False", { exact: true }).check();
  await card.getByRole("button", { name: "Check" }).click();
  return card.getByTestId("quiz-feedback");
}

/** Polls `condition` (a Node-side check) until it holds, for at most `timeoutMs`. */
async function waitUntil(condition, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

test("an instructor quiz grades a wrong and a right answer, with explanations", async ({ open }) => {
  const page = await open(CUSTOM, { waitFor: '[data-testid="quiz-panel"]' });
  const score = page.getByTestId("quiz-score");
  assert.match(await score.innerText(), /0/);

  const wrong = await answerTrueFalse(page, "timestamps-across-servers", true);
  assert.match(await wrong.locator(".quiz-verdict").innerText(), /Not quite/);
  assert.ok((await wrong.locator(".quiz-explanation").innerText()).length > 20, "an explanation follows");

  await question(page, "timestamps-across-servers").getByRole("button", { name: "Try again" }).click();
  const right = await answerTrueFalse(page, "timestamps-across-servers", false);
  assert.equal((await right.locator(".quiz-verdict").innerText()).trim().replace(/^✓\s*/, ""), "Correct.");
  assert.match(await score.innerText(), /1/);

  const numeric = question(page, "drift-after-an-hour");
  await numeric.getByRole("textbox").or(numeric.getByRole("spinbutton")).first().fill("180");
  await numeric.getByRole("button", { name: "Check" }).click();
  assert.match(await numeric.locator(".quiz-verdict").innerText(), /Correct\./);
  await screenshot(page, "quiz-custom-answered");
});

test("the answer key is not in the page before answering", async ({ open }) => {
  const page = await open(CUSTOM, { waitFor: '[data-testid="quiz-panel"]' });
  // Positive signal first: the instructor's questions have loaded and can be answered.
  const card = question(page, "timestamps-across-servers");
  await card.getByRole("button", { name: "Check" }).waitFor();
  assert.ok((await card.locator("input").count()) >= 2, "the true/false question shows its choices");
  const html = await page.content();
  // The explanation of the true/false question only appears once answered.
  assert.doesNotMatch(html, /quiz-explanation/);
  assert.doesNotMatch(html, /data-(answer|correct)/i);
});

test("progress survives a reload and shows on the home page", async ({ open, app }) => {
  const page = await open(CUSTOM, { waitFor: '[data-testid="quiz-panel"]' });
  await answerTrueFalse(page, "timestamps-across-servers", false);
  await page.reload();
  await page.waitForSelector('[data-testid="quiz-panel"]');
  const card = question(page, "timestamps-across-servers");
  assert.match(await card.locator(".quiz-verdict").innerText(), /Correct\./, "the answer is restored");
  const stored = await page.evaluate(() => localStorage.getItem("distlab.progress.v1"));
  assert.match(stored, /"version":1/);
  await page.goto(app.url);
  await page.waitForSelector(".home");
  const progress = await page.locator('[data-testid="lesson-progress"]').allInnerTexts();
  assert.ok(progress.length >= 1, "the home page shows quiz progress");
});

test("a corrupt progress record is set aside with a notice and a fresh start", async ({ open }) => {
  const page = await open(CUSTOM, { waitFor: '[data-testid="quiz-panel"]' });
  await page.evaluate(() => localStorage.setItem("distlab.progress.v1", '{"version": 1, "lessons": [oops'));
  await page.reload();
  const notice = page.getByTestId("quiz-progress-notice");
  await notice.waitFor();
  assert.match(await notice.innerText(), /distlab\.progress\.corrupt\./);
  const kept = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((key) => key.startsWith("distlab.progress.corrupt."))
      .map((key) => localStorage.getItem(key)),
  );
  assert.deepEqual(kept, ['{"version": 1, "lessons": [oops'], "the unreadable record is kept, not lost");
  await screenshot(page, "quiz-corrupt-progress-notice");
  // The fresh record is written at once: the next visit reads it and copies nothing again.
  const fresh = await page.evaluate(() => JSON.parse(localStorage.getItem("distlab.progress.v1")));
  assert.equal(fresh.version, 1);
  await page.reload();
  await page.getByTestId("quiz-panel").waitFor();
  const copies = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("distlab.progress.corrupt.")).length);
  assert.equal(await copies(), 1, "a reload does not copy the record aside again");
  // Corrupt records keep coming: at most two copies are kept, the oldest dropped first.
  for (let i = 0; i < 3; i++) {
    await page.evaluate((n) => localStorage.setItem("distlab.progress.v1", `broken ${n}`), i);
    await page.reload();
    await page.getByTestId("quiz-progress-notice").waitFor();
  }
  assert.equal(await copies(), 2);
  const newest = await page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith("distlab.progress.corrupt.")).map((k) => localStorage.getItem(k)).sort());
  assert.deepEqual(newest, ["broken 1", "broken 2"]);
  const unknownVersion = '{"version": 99, "lessons": {}}';
  await page.evaluate((text) => localStorage.setItem("distlab.progress.v1", text), unknownVersion);
  await page.reload();
  await page.getByTestId("quiz-progress-notice").waitFor();
});

test("saved answers are graded again: an edited record claims no score", async ({ open, app }) => {
  const quizPage = await open("?lesson=messages&view=quiz&chrome=0", { waitFor: "fieldset.quiz-question" });
  const ids = await quizPage.locator("fieldset.quiz-question").evaluateAll((fs) => fs.map((f) => f.dataset.question));
  assert.ok(ids.length >= 5, `questions: ${ids}`);
  // Every question "right" with no answer, and one with an answer that is not a choice.
  const answers = Object.fromEntries(ids.map((id) => [id, { correct: true, attempts: 0 }]));
  answers[ids[0]] = { correct: true, attempts: 1, response: { choice: 99 } };
  await quizPage.evaluate((record) => localStorage.setItem("distlab.progress.v1", JSON.stringify(record)), {
    version: 1,
    lessons: { messages: { answers } },
  });
  const home = await open("");
  const card = home.locator(".lesson-card", { has: home.locator('a[href*="lesson=messages"]') });
  const label = card.getByTestId("lesson-progress");
  await label.waitFor();
  assert.match(await label.innerText(), /not started/, "the home page counts no edited answer");
  await quizPage.reload();
  await quizPage.locator("fieldset.quiz-question").nth(ids.length - 1).waitFor();
  assert.equal(await quizPage.getByTestId("quiz-feedback").count(), 0, "no question shows a verdict");
  const saved = await quizPage.evaluate(() => JSON.parse(localStorage.getItem("distlab.progress.v1")));
  const flags = Object.values(saved.lessons.messages.answers).filter((a) => "correct" in a);
  assert.deepEqual(flags, [], "the record was written back without the claims");
  assert.equal(saved.lessons.messages.answers[ids[0]].attempts, 1, "attempt counts are kept");
});

test("a broken instructor quiz file lists its problems instead of breaking the page", async ({ open, context }) => {
  await context.route("**/broken-quiz.toml", (route) =>
    route.fulfill({
      contentType: "text/plain",
      body: 'title = "Broken"\nlesson = "clocks"\n[[question]]\nid = "q1"\nkind = "single"\nprompt = "Pick"\nchoices = ["a", "b"]\nanswer = 7\n',
    }),
  );
  const page = await open("?lesson=clocks&quiz=broken-quiz.toml", { waitFor: '[data-testid="quiz-file-problems"]' });
  const problems = await page.getByTestId("quiz-file-problems").innerText();
  assert.match(problems, /broken-quiz\.toml/);
  assert.match(problems, /"q1"/);
  assert.match(problems, /answer/);
  assert.match(problems, /explanation/, "missing fields are listed too");
  assert.ok(await page.locator("article.lesson h1").isVisible(), "the rest of the lesson still works");
  await screenshot(page, "quiz-broken-file");
});

test("a quiz file over 512 KB is refused without downloading it whole", async ({ open, app }) => {
  const total = 20 * 1024 * 1024;
  for (const how of ["length", "stream"]) {
    const name = `${total}-${how}.toml`;
    const page = await open(`?lesson=clocks&quiz=__big/${name}`, { waitFor: '[data-testid="quiz-file-problems"]' });
    assert.match(await page.getByTestId("quiz-file-problems").innerText(), /a quiz file may be at most 512 KB/);
    await waitUntil(() => app.big[name]?.closed, `the download of ${name} to stop`);
    const sentMb = app.big[name].sent / 1024 / 1024;
    console.log(`    ${how}: ${sentMb.toFixed(1)} MB of 20 MB sent before DistLab stopped the download`);
    // Counted as the server writes, at about 6 MB/s: 0.6–1.6 MB were written when
    // measured, most of it sitting in loopback socket buffers.
    assert.ok(sentMb < 5, `${how}: ${sentMb.toFixed(1)} MB of 20 MB were sent`);
    assert.ok(await page.locator("article.lesson h1").isVisible(), "the rest of the lesson still works");
    await page.close();
  }
});

test("a missing instructor quiz file says so", async ({ open }) => {
  const page = await open("?lesson=clocks&quiz=no-such-quiz.toml", { waitFor: '[data-testid="quiz-file-problems"]' });
  assert.match(await page.getByTestId("quiz-file-problems").innerText(), /404/);
}, { allowConsole: [/404/] });

test("a predict question's run starts as the question describes, beside the prediction", async ({ open }) => {
  const page = await open("?lesson=messages", { waitFor: '[data-testid="quiz-panel"]' });
  // 30% loss from the start, server not idempotent: predict "2", check.
  const lossy = question(page, "retry-lossy");
  await lossy.getByLabel(/^2: the server added 1 twice/).check();
  await lossy.getByRole("button", { name: "Check" }).click();
  assert.match(await lossy.locator(".quiz-verdict").innerText(), /Correct\./);
  const outcome = lossy.getByTestId("quiz-outcome");
  assert.match(await outcome.innerText(), /You predicted\s+2: the server added 1 twice/);
  assert.match(await outcome.innerText(), /The simulation shows\s+2: the server added 1 twice/);
  const run = lossy.locator(".quiz-run [data-testid=sim-widget]");
  await run.waitFor();
  assert.equal(await run.getAttribute("data-scenario"), "retry");
  assert.equal((await run.getByTestId("sim-loss-value").innerText()).trim(), "30%");

  // B crashed before the request arrives: the run opens with B down.
  const crashed = question(page, "fanout-crash-b");
  await crashed.getByLabel(/^No: A waits/).check();
  await crashed.getByRole("button", { name: "Check" }).click();
  const fanout = crashed.locator(".quiz-run [data-testid=sim-widget]");
  await fanout.waitFor();
  assert.match(await fanout.getByTestId("sim-node-2").innerText(), /Restart Server B/);
  await screenshot(page, "quiz-predict-run");
});
