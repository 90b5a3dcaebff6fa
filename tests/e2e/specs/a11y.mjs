// Accessibility: axe-core (the npm package, injected by Playwright) finds nothing on the
// home page, every tab of every lesson listed there, each lesson's quiz alone, the Embed
// dialog and an answered quiz, in light and dark themes, at desktop and phone widths.
// New lessons and tabs are covered as soon as the home page lists them.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { HERE, test } from "../lib.mjs";

const AXE = readFileSync(join(HERE, "node_modules", "axe-core", "axe.min.js"), "utf8");
const WIDTHS = [1280, 390];

/** The violations axe-core reports on the page as it is now, as readable lines. */
async function violations(page) {
  await page.addScriptTag({ content: AXE });
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  });
  return found;
}

/** Lesson ids, from the home page's lesson links. */
async function lessonIds(open) {
  const home = await open("");
  await home.locator(".lesson-card").first().waitFor();
  const hrefs = await home.locator(".lesson-card h2 a").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
  await home.close();
  return hrefs.map((h) => new URL(h, "http://x/").searchParams.get("lesson")).filter(Boolean);
}

async function audit(open, query, ready, problems, prepare) {
  for (const theme of ["light", "dark"]) {
    for (const width of WIDTHS) {
      const page = await open(`${query}${query.includes("?") ? "&" : "?"}theme=${theme}`);
      await page.setViewportSize({ width, height: 900 });
      await page.locator(ready).first().waitFor();
      if (prepare) await prepare(page);
      for (const line of await violations(page)) problems.push(`${query} ${theme} ${width}px: ${line}`);
      await page.close();
    }
  }
}

test("a11y: axe-core finds nothing on the home page, every tab, the quiz and the Embed dialog", async ({ open }) => {
  const problems = [];
  await audit(open, "", ".lesson-card", problems);
  const ids = await lessonIds(open);
  assert.ok(ids.length >= 3, `lessons listed: ${ids}`);
  for (const id of ids) {
    const page = await open(`?lesson=${id}`);
    const tabs = await page.locator(".sim-tabs [role=tab]").evaluateAll((ts) => ts.map((t) => t.id.replace(/^tab-/, "")));
    await page.close();
    for (const tab of tabs) {
      await audit(open, `?lesson=${id}&scenario=${tab}`, "[data-testid=sim-stage]", problems);
    }
    await audit(open, `?lesson=${id}&view=quiz&chrome=0`, "[data-testid=quiz-panel]", problems);
  }
  // The Embed dialog open, and a quiz with an answered question.
  await audit(open, "?lesson=clocks", "article.lesson", problems, async (page) => {
    await page.getByRole("button", { name: /Embed/ }).click();
    await page.getByRole("dialog").waitFor();
  });
  await audit(open, "?lesson=messages&view=quiz&chrome=0", "[data-testid=quiz-panel]", problems, async (page) => {
    // Answered on the first pass; later passes find it restored from saved progress.
    const card = page.locator('fieldset.quiz-question[data-question="retry-lossy"]');
    await card.waitFor();
    if ((await card.getByTestId("quiz-feedback").count()) === 0) {
      await card.getByLabel(/^2: the server added 1 twice/).check();
      await card.getByRole("button", { name: "Check" }).click();
    }
    await card.locator(".quiz-run [data-testid=sim-stage]").waitFor();
  });
  assert.deepEqual(problems, [], `axe-core found:\n${problems.join("\n")}`);
}, { context: { bypassCSP: true } }); // axe-core is injected as an inline script
