/**
 * The designer in a real browser: Debian's Chromium driven by playwright-core
 * against a real server on the embedded database with the demo data, serving
 * the designer as `npm start` builds it. An admin logs in, finds the demo
 * order by the customer's phone, opens it, reads its history, and switches
 * the language (which the browser remembers); then a picker claims the
 * order's pick task, fills in its generated form (a scan and a photo) and
 * submits it, and the order moves on.
 *
 * Without Chromium at /usr/bin/chromium (apt-get install -y chromium) this
 * suite is skipped, except under CI=true, where it fails.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDesignerBuilt } from "../../designer/scripts/designer-build";
import { createLogger } from "../../runtime-server/src/observability/logger";
import { startServer, type RunningServer } from "../../runtime-server/src/server";

const CHROMIUM = "/usr/bin/chromium";
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const PASSWORD = "correct horse battery";
// A 1×1 PNG: what the phone's camera would hand the photo field.
const PHOTO = Buffer.from("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=", "base64");
const present = existsSync(CHROMIUM);
const required = process.env.CI === "true" || process.env.CI === "1";
if (!present && !required) console.warn(`Chromium is not at ${CHROMIUM} (apt-get install -y chromium): the designer's browser test is skipped`);

describe.skipIf(!present && !required)("the designer in Chromium", () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let adminCookie = "";
  let demoOrder: string | undefined;
  const theDemoOrder = async () => (demoOrder ??= await waitForDemoOrder(server!.url, adminCookie));

  beforeAll(async () => {
    if (!present) throw new Error(`Chromium is not at ${CHROMIUM}: install it with apt-get install -y chromium (CI=true runs the browser tests)`);
    await ensureDesignerBuilt();
    const announced: string[] = [];
    server = await startServer({ database: {}, port: 0, demo: true, log: createLogger({ write: () => {} }), announce: (text) => announced.push(text) });
    const setupCode = /"setupCode":\s*"([^"]+)"/.exec(announced.join("\n"))?.[1];
    const created = await fetch(`${server.url}/setup/first-admin`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ setupCode, login: "admin", displayName: "Admin Li", password: PASSWORD }),
    });
    expect(created.status, await created.text()).toBe(201);
    adminCookie = await logIn(server.url, "admin");
    const picker = await fetch(`${server.url}/users`, {
      method: "POST",
      headers: { "content-type": "application/json", cookie: adminCookie },
      body: JSON.stringify({ login: "picker-wang", displayName: "Wang", password: PASSWORD, roles: ["staff"], jobRoles: ["picker"], warehouse: "SH-01" }),
    });
    expect(picker.status, await picker.text()).toBe(201);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it("logs in, finds the demo order, shows its history, and switches to Chinese", { timeout: 120_000 }, async () => {
    const url = server!.url;
    const demoOrder = await theDemoOrder();
    const page = await browser!.newPage({ locale: "en-US" });
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));

    await page.goto(`${url}/`);
    await page.getByLabel("Login name").fill("admin");
    await page.getByLabel("Password").fill("wrong password");
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByText("The login name or the password is wrong").waitFor();
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Log in" }).click();

    // An admin opens on the order centre, with every section in the navigation.
    await page.getByRole("heading", { name: "Order centre" }).waitFor();
    expect(await page.getByRole("navigation").getByRole("link").allTextContents()).toEqual(["Order centre", "My tasks", "Alerts", "Flows"]);
    await expect.poll(() => page.getByLabel("Status").locator("option").allTextContents()).toContain("Picking");

    await page.getByLabel("Phone").fill("1234");
    await page.getByRole("button", { name: "Search" }).click();
    await page.waitForURL(/#\/orders\?phone=1234$/);
    const row = page.getByRole("row").filter({ hasText: demoOrder });
    await row.waitFor();
    expect(await row.textContent()).toContain("Picking");

    await row.getByRole("link", { name: demoOrder }).click();
    await page.getByRole("heading", { name: `Order ${demoOrder}` }).waitFor();
    const history = page.locator("table.timeline");
    await history.getByText("Order taken in; the flow started").waitFor();
    await history.getByText("Decision: pass").waitFor();
    await history.getByText('Order status is now "Picking"').waitFor();
    await history.getByText("Task opened for picker in SH-01").waitFor();
    // A reload of the order's address opens the same page.
    await page.reload();
    await page.getByRole("heading", { name: `Order ${demoOrder}` }).waitFor();

    await page.getByRole("button", { name: "中文" }).click();
    await page.getByRole("heading", { name: `订单 ${demoOrder}` }).waitFor();
    await page.getByRole("heading", { name: "处理记录" }).waitFor();
    await page.getByText("订单已接收，流程开始").waitFor();
    await page.getByText("已派发任务给 SH-01 的 picker").waitFor();
    expect(await page.locator("html").getAttribute("lang")).toBe("zh-CN");
    await page.reload();
    await page.getByRole("heading", { name: "处理记录" }).waitFor();
    await switchBackStaysRemembered(page);
    expect(failures).toEqual([]);
  });

  it("lets a picker claim the pick task, fill in its form with a scan and a photo, and submit it", { timeout: 120_000 }, async () => {
    const url = server!.url;
    const demoOrder = await theDemoOrder();
    const photoDir = mkdtempSync(join(tmpdir(), "orderflow-photo-"));
    const photo = join(photoDir, "pick.png");
    writeFileSync(photo, PHOTO);
    const page = await browser!.newPage({ locale: "en-US", viewport: { width: 420, height: 900 } });
    const failures: string[] = [];
    page.on("pageerror", (error) => failures.push(error.message));
    try {
      await page.goto(`${url}/`);
      await page.getByLabel("Login name").fill("picker-wang");
      await page.getByLabel("Password").fill(PASSWORD);
      await page.getByRole("button", { name: "Log in" }).click();

      // Staff open on their tasks, and see no other section.
      await page.getByRole("heading", { name: "My tasks" }).waitFor();
      expect(await page.getByRole("navigation").getByRole("link").allTextContents()).toEqual(["My tasks"]);
      const row = page.getByRole("row").filter({ hasText: "picker in SH-01" });
      await row.getByRole("button", { name: "Claim" }).click();
      await row.getByText("Claimed by picker-wang").waitFor();
      await row.getByRole("link", { name: "Open" }).click();

      await page.getByRole("heading", { name: "Confirm picking" }).waitFor();
      // The browser checks the form first, with the flow's own schema: nothing is sent while a required field is empty.
      await page.getByRole("button", { name: "Submit" }).click();
      await page.getByText("Please fix").waitFor();
      await page.getByPlaceholder("Scan, or type the code").fill("6901234567890");
      await page.locator("input[type=number]").first().fill("1");
      await page.locator("input[type=file]").setInputFiles(photo);
      await page.getByText("Photo uploaded").first().waitFor();
      await page.getByRole("button", { name: "Submit" }).click();
      await page.getByText("Submitted. The order goes on to its next step.").waitFor();
      await page.getByText("This task is closed (Submitted)").waitFor();
    } finally {
      rmSync(photoDir, { recursive: true, force: true });
    }

    // The order left the pick step: its next step's status, as the admin's order page would show.
    await expect
      .poll(async () => ((await (await fetch(`${url}/orders/${demoOrder}`, { headers: { cookie: adminCookie } })).json()) as { status: string }).status, { timeout: 30_000, interval: 250 })
      .not.toBe("picking");
    expect(failures).toEqual([]);
  });
});

async function switchBackStaysRemembered(page: Page): Promise<void> {
  await page.getByRole("button", { name: "English" }).click();
  await page.getByRole("heading", { name: "History" }).waitFor();
  await page.reload();
  await page.getByRole("heading", { name: "History" }).waitFor();
}

async function logIn(url: string, login: string): Promise<string> {
  const answer = await fetch(`${url}/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ login, password: PASSWORD }) });
  expect(answer.status).toBe(200);
  return answer.headers.get("set-cookie")!.split(";")[0]!;
}

/** The simulated shop's order arrives by the Taobao poller a moment after the start: wait for it over the API, as staff would wait for it to show. */
async function waitForDemoOrder(url: string, cookie: string): Promise<string> {
  let id: string | undefined;
  await expect
    .poll(
      async () => {
        const page = (await (await fetch(`${url}/orders`, { headers: { cookie } })).json()) as { orders: { id: string; status: string }[] };
        id = page.orders.find((order) => order.status === "picking")?.id;
        return id;
      },
      { timeout: 60_000, interval: 250 },
    )
    .toBeDefined();
  return id!;
}
