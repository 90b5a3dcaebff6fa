// The app shell: home page, lesson navigation, history, unknown lessons, themes, phones.
import assert from "node:assert/strict";
import { screenshot, test } from "../lib.mjs";

test("home lists the lessons and a lesson link opens the lesson", async ({ open, app }) => {
  const page = await open("");
  const cards = page.locator(".lesson-card");
  assert.ok((await cards.count()) >= 1, "at least one lesson is listed");
  assert.match(await page.title(), /DistLab/);
  assert.equal(await page.locator("#loading").count(), 0, "the loading message is gone");
  await screenshot(page, "home-desktop");

  const firstTitle = (await cards.first().locator("h2").innerText()).trim();
  await cards.first().locator("h2 a").click();
  await page.waitForSelector("article.lesson");
  assert.equal((await page.locator("article.lesson h1").innerText()).trim(), firstTitle);
  assert.ok(page.url().startsWith(app.url + "?lesson="), `lesson URL stays under the sub-path: ${page.url()}`);
  assert.equal(await page.title(), `${firstTitle} · DistLab`);

  await page.goBack();
  await page.waitForSelector(".home");
  assert.equal(page.url(), app.url);
  assert.match(await page.title(), /^DistLab/);

  await page.goForward();
  await page.waitForSelector("article.lesson");
  assert.equal((await page.locator("article.lesson h1").innerText()).trim(), firstTitle);
});

test("an unknown lesson id shows a friendly message with a link home", async ({ open, app }) => {
  const page = await open("?lesson=no-such-lesson");
  const message = page.getByTestId("unknown-lesson");
  await message.waitFor();
  assert.match(await message.innerText(), /no-such-lesson/);
  await screenshot(page, "unknown-lesson");
  await message.getByRole("link", { name: "Go to the list of lessons" }).click();
  await page.waitForSelector(".home");
  assert.equal(page.url(), app.url);
});

test("malformed URL parameters fall back with a visible notice", async ({ open }) => {
  const page = await open("?lesson=%3Cscript%3E&seed=abc&theme=pink&view=bogus");
  const notices = page.getByTestId("notices");
  await notices.waitFor();
  const text = await notices.innerText();
  for (const param of ["lesson", "seed", "theme", "view"]) assert.match(text, new RegExp(`“${param}”`));
  assert.ok(await page.locator(".home").isVisible(), "falls back to the home page");
});

// Hostile values, a few per parameter (rotating through the list, so each run is the
// same): the page still starts, says nothing went wrong in the console, and no value
// becomes markup or script.
const HOSTILE = [
  '<img src=x onerror="window.__pwned=1">',
  '"><script>window.__pwned=1</script>',
  "javascript:window.__pwned=1",
  "../../../../etc/passwd",
  "__proto__",
  "constructor",
  "-1",
  "1e309",
  "18446744073709551616",
  "NaN",
  "%E0%A4%A",
  "\u202e\u0000",
  "x".repeat(6000),
  "https://evil.example/quiz.toml",
  "0~0~crash.99999999999999999999",
];
const PARAMS = ["lesson", "view", "scenario", "seed", "ops", "t", "set", "chrome", "theme", "quiz", "origin"];

test("hostile URL parameter values never break the page or become markup", async ({ open }) => {
  let tried = 0;
  for (const [i, param] of PARAMS.entries()) {
    for (let k = 0; k < 3; k++) {
      const value = HOSTILE[(i * 3 + k) % HOSTILE.length];
      const lesson = param === "lesson" ? "" : "lesson=messages&";
      const page = await open(`?${lesson}${param}=${encodeURIComponent(value)}`);
      const state = await page.evaluate(() => ({
        pwned: window.__pwned === 1,
        injected: document.querySelectorAll('img[src="x"], main script, a[href^="javascript:"]').length,
        banner: document.body.innerText.includes("DistLab stopped working"),
        main: document.querySelector("main#main")?.children.length ?? 0,
      }));
      assert.deepEqual(
        { pwned: state.pwned, injected: state.injected, banner: state.banner },
        { pwned: false, injected: 0, banner: false },
        `${param}=${value.slice(0, 40)}`,
      );
      assert.ok(state.main > 0, `${param}=${value.slice(0, 40)}: the page shows something`);
      await page.close();
      tried += 1;
    }
  }
  assert.equal(tried, PARAMS.length * 3);
}, { allowConsole: [/Failed to load resource: the server responded with a status of 404/] }); // quiz= names no file

test("the theme follows the system and the toggle is remembered", async ({ open, context }) => {
  const page = await open("");
  await page.emulateMedia({ colorScheme: "dark" });
  await page.reload();
  await page.waitForSelector(".home");
  assert.equal(await page.getAttribute("html", "data-theme"), "dark", "follows a dark system setting");

  const toggle = page.getByTestId("theme-toggle");
  await toggle.click();
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  assert.equal(background, "rgb(251, 251, 250)");
  await screenshot(page, "home-light");

  await page.reload();
  await page.waitForSelector(".home");
  assert.equal(await page.getAttribute("html", "data-theme"), "light", "the choice survives a reload");
  await toggle.click();
  assert.equal(await page.getAttribute("html", "data-theme"), "dark");
  await screenshot(page, "home-dark");
  assert.equal(await context.pages()[0].evaluate(() => localStorage.getItem("distlab.theme")), "dark");
});

test("readable on a 360 px phone: nothing overflows sideways", async ({ open }) => {
  const page = await open("", {});
  await page.setViewportSize({ width: 360, height: 780 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `home overflows by ${overflow}px`);
  await screenshot(page, "home-phone");
  await page.locator(".lesson-card h2 a").first().click();
  await page.waitForSelector("article.lesson");
  const lessonOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(lessonOverflow <= 0, `lesson overflows by ${lessonOverflow}px`);
  await screenshot(page, "lesson-phone");
});
