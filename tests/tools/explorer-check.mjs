// Drives the concept explorer in a real headless Chromium (puppeteer-core): types the start of a word, picks the word
// from the completion list, reads the concepts shown, opens the first one and reads its highlighted sentences.
// Usage: node explorer-check.mjs <chromium> <explorer/index.html> <language> <word> <language 2> <word 2>
// (the second word is paired with the first on the page that counts the seeds in which two words share a concept)
// Prints one JSON object: what the page showed, and every console error, page error and non-file request.
import puppeteer from "puppeteer-core";
import { pathToFileURL } from "node:url";

const [chromium, page_, language, word, language2, word2] = process.argv.slice(2);
const report = { errors: [], requests: [] };
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
});
try {
  const page = await browser.newPage();
  page.on("console", (message) => { if (message.type() === "error") report.errors.push(`console: ${message.text()}`); });
  page.on("pageerror", (error) => report.errors.push(`page: ${error.message}`));
  page.on("requestfailed", (request) => report.errors.push(`request failed: ${request.url()}`));
  await page.setRequestInterception(true);
  page.on("request", (request) => {
    // Offline: anything but a file beside the page is refused and reported.
    if (!request.url().startsWith("file:")) { report.requests.push(request.url()); request.abort(); } else request.continue();
  });

  await page.goto(pathToFileURL(page_).href, { waitUntil: "load" });
  await page.waitForSelector("body[data-ready='1']", { timeout: 20000 });

  // Type the first letters, then pick the word (of the language asked) from the completion list.
  await page.type("#word", word.slice(0, Math.min(3, word.length)));
  await page.waitForSelector("#completion li", { timeout: 10000 });
  report.completion = await page.$$eval("#completion li", (items) => items.map((li) => li.textContent));
  const wanted = `${word} ${language},`;
  let picked = await page.$$eval("#completion li", (items, wanted) => items.findIndex((li) => li.textContent.startsWith(wanted)), wanted);
  if (picked < 0) {
    // Not among the first suggestions: type the whole word.
    await page.type("#word", word.slice(3));
    picked = await page.$$eval("#completion li", (items, wanted) => items.findIndex((li) => li.textContent.startsWith(wanted)), wanted);
  }
  report.picked = picked;
  if (picked >= 0) {
    const items = await page.$$("#completion li");
    await items[picked].evaluate((li) => li.dispatchEvent(new MouseEvent("mousedown", { bubbles: true })));
    await page.waitForSelector("h2.word-result", { timeout: 20000 });
    // Per (model, component, corpus) table: each layer's row and the concept links in its own-language column.
    report.results = await page.$$eval("#word-results h3", (headings) => headings.map((h) => {
      const table = h.nextElementSibling;
      return {
        heading: h.textContent,
        rows: Array.from(table.querySelectorAll("tbody tr")).map((tr) => ({
          layer: Number(tr.cells[0].textContent),
          concepts: Array.from(tr.cells[1].querySelectorAll("a.concept")).map((a) => a.getAttribute("href")),
          partners: tr.cells[2].textContent,
          mixed: tr.cells[3].textContent,
        })),
      };
    }));
    const first = await page.$("#word-results tbody tr td:nth-child(2) a.concept");
    report.opened = await first.evaluate((a) => a.getAttribute("href"));
    await first.click();
    await page.waitForSelector("#concept-sentences p.sentence mark", { timeout: 20000 });
    report.conceptHeading = await page.$eval("#view-concept h2", (h) => h.textContent);
    report.words = await page.$$eval("#concept-words tbody tr", (rows) => rows.map((r) => [r.cells[0].textContent, r.cells[1].textContent, Number(r.cells[2].textContent)]));
    report.sentences = await page.$$eval("#concept-sentences p.sentence", (ps) => ps.map((p) => ({
      label: p.querySelector(".lang").textContent,
      text: p.textContent.slice(p.querySelector(".lang").textContent.length),
      mark: p.querySelector("mark").textContent,
      // Position of the marked word among the sentence's words.
      markIndex: (() => {
        const clone = p.cloneNode(true);
        clone.querySelector(".lang").remove();
        const before = clone.innerHTML.split("<mark>")[0];
        return before.trim() === "" ? 0 : before.trim().split(/\s+/).length;
      })(),
    })));
    // Sort the word list by occurrences (a click on the header) and read the first row.
    await page.click("#concept-words th:nth-child(3)");
    report.sortedFirst = await page.$eval("#concept-words tbody tr td:nth-child(3)", (td) => Number(td.textContent));
    await page.waitForFunction(() => !document.querySelector("#concept-neighbours").textContent.includes("reading"), { timeout: 20000 });
    report.neighbours = await page.$eval("#concept-neighbours", (d) => d.textContent);

    // Browse the layer: every aligned pair of the first direction.
    await page.goto(pathToFileURL(page_).href + "#browse", { waitUntil: "load" });
    await page.waitForSelector("#b-panels .b-align table", { timeout: 20000 });
    report.browseSummary = await page.$eval("#b-panels h3 + p", (p) => p.textContent);
    report.browseRows = await page.$$eval("#b-panels .b-align tbody tr", (rows) => rows.length);

    // The two words: in how many seeds they share a concept, per model, layer and scope.
    const pair = `#pairs?l1=${encodeURIComponent(language)}&w1=${encodeURIComponent(word)}&l2=${encodeURIComponent(language2)}&w2=${encodeURIComponent(word2)}`;
    await page.goto(pathToFileURL(page_).href + pair, { waitUntil: "load" });
    await page.waitForSelector("#p-result table", { timeout: 20000 });
    report.pairs = await page.$$eval("#p-result tbody tr", (rows) => rows.map((r) => Array.from(r.cells).map((c) => c.textContent)));
  }
} catch (error) {
  report.errors.push(`driver: ${error.message}`);
} finally {
  await browser.close();
}
process.stdout.write(JSON.stringify(report));
