// Lesson "intro": the users-see / reality toggle, the shop running live with a server
// crashed through the widget's own controls, the buttons in the text that open a
// scenario, the client-server / peer-to-peer switch, and the lesson in light, dark and
// on a phone.
import assert from "node:assert/strict";
import { screenshot, setViewportAndSettle, test } from "../lib.mjs";

const LESSON = "?lesson=intro";

/** Sets the widget's speed slider (a log scale from -1 to 1) and fires its input event. */
async function setSpeedLog(page, position) {
  await page.getByTestId("sim-speed").evaluate((input, value) => {
    input.value = String(value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }, position);
}

test("intro: the toggle shows what users see, then the reality behind it", async ({ open }) => {
  const page = await open(LESSON, { waitFor: "[data-testid=intro-users-see]" });
  const figure = page.getByTestId("intro-users-see");
  const toggle = page.getByTestId("intro-reality-toggle");
  const caption = page.getByTestId("intro-users-see-caption");

  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
  assert.equal(await figure.getAttribute("data-view"), "users");
  assert.match(await caption.innerText(), /What users see: one shop/);
  assert.ok(await figure.locator(".intro-one-box").isVisible(), "one box while users' view");

  await toggle.click();
  assert.equal(await toggle.getAttribute("aria-pressed"), "true");
  assert.equal(await figure.getAttribute("data-view"), "reality");
  assert.match(await caption.innerText(), /Reality: a load balancer, four servers/);
  const names = await figure.locator(".intro-reality-layer text").allTextContents();
  for (const name of ["Load balancer", "Server A", "Server D", "Database"]) {
    assert.ok(names.includes(name), `${name} is drawn (${names.join(", ")})`);
  }
  await figure.scrollIntoViewIfNeeded();
  await screenshot(page, "intro-reality", { fullPage: false });

  // Keyboard works too: Space toggles back.
  await toggle.focus();
  await page.keyboard.press("Space");
  assert.equal(await toggle.getAttribute("aria-pressed"), "false");
});

test("intro: crashing server D fails payments while the catalog keeps working", async ({ open }) => {
  const page = await open(`${LESSON}&scenario=architecture&t=1000000`, { waitFor: "[data-testid=sim-widget]" });
  const widget = page.getByTestId("sim-widget");
  assert.equal(await widget.getAttribute("data-scenario"), "architecture");
  const summary = page.getByTestId("intro-shop-summary");
  assert.match(await summary.innerText(), /Logins, catalog, orders and payments fine\./);

  const crash = page.getByTestId("sim-node-6");
  assert.match(await crash.innerText(), /Crash Server D/);
  await crash.click();
  await setSpeedLog(page, 1);
  await page.getByTestId("sim-play").click();
  await page.waitForFunction(
    () => /Payments failing/.test(document.querySelector("[data-testid=intro-shop-summary]")?.textContent ?? ""),
    null,
    { timeout: 20000 },
  );
  // Let a few more requests of every kind finish, then stop.
  const started = Number(await page.getByTestId("sim-time").getAttribute("data-now-us"));
  await page.waitForFunction(
    (from) => Number(document.querySelector("[data-testid=sim-time]").dataset.nowUs) > from + 300000,
    started,
    { timeout: 20000 },
  );
  await page.getByTestId("sim-play").click();

  assert.equal(
    await summary.innerText(),
    "Payments failing; logins, catalog and orders fine.",
  );
  const row = (path) => page.locator(`[data-testid=intro-shop-readout] tr[data-path=${path}]`);
  assert.equal((await row("payments").locator(".intro-chip").innerText()).trim(), "failing");
  assert.equal((await row("catalog").locator(".intro-chip").innerText()).trim(), "working");
  assert.equal((await row("catalog").locator("td").nth(1).innerText()).trim(), "0", "no catalog request failed");
  assert.ok(Number(await row("payments").locator("td").nth(1).innerText()) > 0, "payments failed");
  assert.match(await page.getByTestId("sim-node-6").innerText(), /Restart Server D/);
  await page.getByTestId("intro-shop-readout").scrollIntoViewIfNeeded();
  await screenshot(page, "intro-shop-crash", { fullPage: false });
});

test("intro: buttons in the text open their scenario, and the P2P switch rebuilds it", async ({ open, context, app }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: app.origin });
  const page = await open(LESSON, { waitFor: "[data-testid=sim-widget]" });
  await page.getByRole("button", { name: "Open “Concurrency”" }).click();
  const tab = page.locator("#tab-concurrency");
  assert.equal(await tab.getAttribute("aria-selected"), "true");
  await page.waitForSelector("[data-testid=sim-widget][data-scenario=concurrency]");
  assert.ok(await page.getByTestId("intro-concurrency-readout").isVisible());

  await page.getByRole("button", { name: "Open “No global clock”" }).click();
  const clocks = page.getByTestId("intro-clocks-readout");
  await clocks.waitFor();
  const faces = await clocks.locator(".intro-clock-face").allInnerTexts();
  assert.deepEqual(faces, ["10:00:01.123", "10:00:02.456", "09:59:59.789"]);

  await page.getByRole("button", { name: "Open “Client-server vs P2P”" }).click();
  await page.waitForSelector("[data-testid=sim-widget][data-scenario=client-server-vs-p2p]");
  const readout = page.getByTestId("intro-sharing-readout");
  const [clientServer, peers] = [
    page.getByTestId("intro-mode").getByRole("button", { name: "Client-server" }),
    page.getByTestId("intro-mode").getByRole("button", { name: "Peer-to-peer" }),
  ];
  assert.equal(await clientServer.getAttribute("aria-pressed"), "true");
  assert.match(await readout.innerText(), /No fetch has finished yet/);
  assert.match(await page.getByTestId("sim-node-0").innerText(), /Crash Server/);
  await setSpeedLog(page, 1);
  await page.getByTestId("sim-play").click();
  await page.waitForFunction(
    () => /Getting data now: 4 of 4 running clients/.test(document.querySelector("[data-testid=intro-sharing-readout]")?.textContent ?? ""),
    null,
    { timeout: 20000 },
  );
  await page.getByTestId("sim-play").click();
  // The switch rebuilds the same run as peers, at the same instant.
  await peers.click();
  assert.equal(await peers.getAttribute("aria-pressed"), "true");
  assert.equal(await clientServer.getAttribute("aria-pressed"), "false");
  assert.match(await readout.innerText(), /Getting data now: \d of 5 running peers/);
  assert.match(await page.getByTestId("sim-node-0").innerText(), /Crash Peer 1/);

  // The switch is part of the share link: the link reopens the peers at the same instant.
  await page.getByTestId("sim-copy-link").click();
  await page.waitForFunction(() => new URLSearchParams(location.search).get("set") === "p2p");
  const shared = await open(new URL(page.url()).search, { waitFor: "[data-testid=sim-widget]" });
  const sharedPeers = shared.getByTestId("intro-mode").getByRole("button", { name: "Peer-to-peer" });
  assert.equal(await sharedPeers.getAttribute("aria-pressed"), "true");
  assert.equal(await shared.getByTestId("intro-sharing-readout").innerText(), await readout.innerText());
  assert.equal(
    await shared.getByTestId("sim-time").getAttribute("data-now-us"),
    await page.getByTestId("sim-time").getAttribute("data-now-us"),
  );
  assert.equal(await shared.locator('[data-counter="delivered"]').innerText(), await page.locator('[data-counter="delivered"]').innerText());

  // A setting the scene does not know leaves a notice and the default shape.
  const odd = await open("?lesson=intro&scenario=client-server-vs-p2p&set=mesh", { waitFor: "[data-testid=sim-widget]" });
  assert.match(await odd.getByTestId("sim-notices").innerText(), /“mesh” is not client-server or p2p/);
  assert.equal(await odd.getByTestId("intro-mode").getByRole("button", { name: "Client-server" }).getAttribute("aria-pressed"), "true");
});

test("intro: the scaling picture follows its slider", async ({ open }) => {
  const page = await open(LESSON, { waitFor: "[data-testid=intro-scaling]" });
  const figure = page.getByTestId("intro-scaling");
  await figure.locator("input[type=range]").evaluate((input) => {
    input.value = "100";
    input.dispatchEvent(new Event("input", { bubbles: true }));
  });
  assert.match(await page.getByTestId("intro-scaling-cost").innerText(), /100 servers cost \$100,000: 100% of the big server's price/);
  assert.equal(await figure.locator(".intro-cell.on").count(), 100);
});

test("intro: light, dark and a 360 px phone", async ({ open }) => {
  const light = await open(`${LESSON}&theme=light`, { waitFor: "[data-testid=sim-widget]" });
  await screenshot(light, "intro-light");
  await light.close();

  const dark = await open(`${LESSON}&theme=dark&scenario=no-global-clock`, { waitFor: "[data-testid=intro-clocks-readout]" });
  assert.equal(await dark.getAttribute("html", "data-theme"), "dark");
  await dark.getByTestId("intro-reality-toggle").click();
  await screenshot(dark, "intro-dark");
  await dark.close();

  const phone = await open(LESSON, { waitFor: "[data-testid=sim-widget]" });
  // Positive signal first: the page has taken the new width and the drawing re-measured itself.
  await setViewportAndSettle(phone, { width: 360, height: 780 });
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the lesson overflows a phone by ${overflow}px`);
  await screenshot(phone, "intro-phone");
});
