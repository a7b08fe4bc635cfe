// Opens the recorder's dashboard in Debian's headless chromium (playwright-core drives it), waits until a chart
// shows recorded points, saves a screenshot and prints one JSON line for DashboardIT.
// usage: node dashboard.mjs URL SCREENSHOT.png
import { chromium } from "playwright-core";

const [url, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
});
const errors = [];
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 800 } });
  page.on("pageerror", e => errors.push(String(e)));
  page.on("requestfailed", r => errors.push("request failed: " + r.url()));
  await page.goto(url);
  await page.waitForSelector("body[data-ready=true]", { timeout: 20000 });
  await page.waitForFunction(() => Number(document.getElementById("chart").dataset.points) > 0, null,
    { timeout: 20000 });
  await page.waitForFunction(() => document.querySelectorAll("#topics .value").length > 0, null,
    { timeout: 20000 });
  const report = await page.evaluate(() => ({
    points: Number(document.getElementById("chart").dataset.points),
    series: Number(document.getElementById("chart").dataset.series),
    canvases: document.querySelectorAll("#chart canvas").length,
    legend: [...document.querySelectorAll("#chart .u-legend .u-label")].map(e => e.textContent),
    topics: document.getElementById("topics").textContent,
    clients: document.getElementById("clients").textContent,
  }));
  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(JSON.stringify({ ...report, errors }));
} finally {
  await browser.close();
}
