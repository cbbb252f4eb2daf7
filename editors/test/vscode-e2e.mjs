// Drives a running code-server (started by editors/test/vscode.sh) with Debian's chromium
// through playwright-core, against the installed cable-ls extension:
//   language mode, error count, the server bundled in the .vsix, Problems entry, Outline,
//   hover on a DTG, syntax tree, severity setting, the quick fix from the lightbulb -> no
//   problem and the fixture's text again, typing the fix -> error gone.
// Env: URL, WS (workspace folder), FILE (name of the faulty fixture in WS), FIXTURE (the
// fixture it was made from, i.e. the fixed text), WORK (artefacts),
// JS_DIR (node_modules holding playwright-core), SCREENSHOT (where the README's picture goes),
// VSCODE_TEST_TIMEOUT_MS (per step, default 60000).
// Prints one line per check and `vscode: N passed, M failed`; exit 0 only when all pass.

import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";

const env = (name) => {
  const v = process.env[name];
  if (!v) {
    console.error(`vscode-e2e: ${name} is not set (run editors/test/vscode.sh)`);
    process.exit(2);
  }
  return v;
};
const URL = env("URL");
const WS = env("WS");
const FILE = env("FILE");
const WORK = env("WORK");
const FIXTURE = env("FIXTURE");
const JS_DIR = env("JS_DIR");
const SCREENSHOT = process.env.SCREENSHOT || "";
const STEP = Number(process.env.VSCODE_TEST_TIMEOUT_MS || 60000);

// ESM imports ignore NODE_PATH: load playwright-core from the installer's cache explicitly.
const { chromium } = createRequire(path.join(JS_DIR, "package.json"))("playwright-core");

const results = [];
let page;
let browser;
/** Set when the extension reports that the server cannot start: later checks fail at once. */
let serverFailure;
/** The error was seen in the status bar (the fix check is meaningless without it). */
let errorSeen = false;

function report(name, ok, detail) {
  results.push(ok);
  console.log(`${ok ? "ok  " : "FAIL"} ${name}${detail ? `: ${detail}` : ""}`);
}

/** Text of the first visible error notification of the extension, if any. */
async function serverError() {
  const toasts = page.locator(".notifications-toasts .notification-list-item-message, .notifications-center .notification-list-item-message");
  const n = await toasts.count();
  for (let i = 0; i < n; i++) {
    const t = (await toasts.nth(i).innerText().catch(() => "")).trim();
    if (/^Cable: /.test(t)) {
      return t;
    }
  }
  return undefined;
}

/** Poll `probe` until it returns a truthy value; fail early when the extension reports an error. */
async function until(what, probe, timeout = STEP) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    last = await probe().catch((e) => {
      return undefined;
    });
    if (last) {
      return last;
    }
    const err = await serverError();
    if (err && /cannot start|failed to start|does not work/.test(err)) {
      serverFailure = err;
      throw new Error(`${what}: the extension reported: ${err}`);
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}: not seen within ${timeout} ms`);
}

/** Every file below `dir` whose name matches `re`. */
function findFiles(dir, re) {
  let found = [];
  for (const entry of fs.existsSync(dir) ? fs.readdirSync(dir, { withFileTypes: true }) : []) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      found = found.concat(findFiles(p, re));
    } else if (re.test(entry.name)) {
      found.push(p);
    }
  }
  return found;
}

/** Run one check; a failure is reported and the remaining checks still run where they can. */
async function check(name, fn) {
  if (serverFailure) {
    report(name, false, "skipped: the language server did not start");
    return false;
  }
  try {
    const detail = await fn();
    report(name, true, detail);
    return true;
  } catch (e) {
    report(name, false, String(e.message || e).split("\n")[0]);
    try {
      const shot = path.join(WORK, `${name.replace(/[^a-z0-9]+/gi, "-")}-fail.png`);
      await page.screenshot({ path: shot });
      console.log(`     screenshot: ${shot}`);
    } catch {
      // the page may be gone
    }
    return false;
  }
}

async function problemsLabel() {
  const item = page.locator("[id='status.problems']").first();
  const label = (await item.getAttribute("aria-label").catch(() => null)) ?? "";
  const text = (await item.innerText().catch(() => "")) ?? "";
  return `${label} | ${text}`;
}

async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: STEP });
  await input.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor({ timeout: STEP });
  await page.keyboard.press("Enter");
}

async function gotoLine(line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: STEP });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden", timeout: STEP }).catch(() => {});
}

/** The rendered text of an editor line (Monaco renders only visible lines; go there first). */
async function lineText(line) {
  await gotoLine(line, 1);
  // The current line is marked by the cursor; read the view line at the cursor's top.
  return page.evaluate(() => {
    // The focused editor: its cursor and view lines share one coordinate space (style.top).
    const editor = document.querySelector(".editor-group-container .monaco-editor.focused") ||
      document.querySelector(".editor-group-container.active .monaco-editor");
    if (!editor) return "";
    const cursor = editor.querySelector(".cursors-layer .cursor");
    if (!cursor) return "";
    const top = parseFloat(cursor.style.top);
    for (const l of editor.querySelectorAll(".view-lines .view-line")) {
      if (Math.abs(parseFloat(l.style.top) - top) < 2) return l.textContent.replace(/\u00a0/g, " ");
    }
    return "";
  });
}

async function main() {
  browser = await chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();
  page.setDefaultTimeout(STEP);
  const t0 = Date.now();

  const opened = await check("workbench opens the fixture", async () => {
    await page.goto(`${URL}/?folder=${encodeURIComponent(WS)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: STEP });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: FILE }).first().waitFor({ timeout: STEP });
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill(FILE);
    await page.locator(".quick-input-list .monaco-list-row", { hasText: FILE }).first().waitFor({ timeout: STEP });
    await page.keyboard.press("Enter");
    await page.locator(".tabs-container .tab.active", { hasText: FILE }).waitFor({ timeout: STEP });
    await page.locator(".monaco-editor .view-lines").first().click();
    return `${((Date.now() - t0) / 1000).toFixed(1)} s`;
  });
  if (!opened) {
    return;
  }

  await check("language mode is Cable", async () => {
    const mode = await until("language status", async () => {
      const t = await page.locator("[id='status.editor.mode']").first().innerText();
      return /Cable/.test(t) ? t.trim() : undefined;
    });
    return mode;
  });

  await check("status bar shows 1 error", async () =>
    until("Errors: 1 in the status bar", async () => {
      const l = await problemsLabel();
      errorSeen = /Errors: 1\b/.test(l);
      return errorSeen ? l.split(" | ")[0] : undefined;
    }),
  );

  // The test installs the platform .vsix with no cable.server.path, no CABLE_LS_PATH and no
  // cable-ls on PATH: the extension's log must name the binary inside the extension.
  await check("the server is the one bundled in the .vsix", async () =>
    until("a 'Using ...' line in the extension's log", async () => {
      for (const file of findFiles(path.join(WORK, "user", "logs"), /Cable Language Server\.log$/)) {
        const line = fs.readFileSync(file, "utf8").split("\n").find((l) => l.includes("Using "));
        if (line) {
          if (!line.includes("(bundled with the extension)")) {
            throw new Error(`another binary was used: ${line.trim()}`);
          }
          return line.slice(line.indexOf("Using ")).trim();
        }
      }
      return undefined;
    }),
  );

  await check("Problems lists section-count at Ln 273", async () => {
    await page.keyboard.press("Control+Shift+M");
    return until("Problems entry", async () => {
      const rows = page.locator(".markers-panel .monaco-list-row");
      const n = await rows.count();
      for (let i = 0; i < n; i++) {
        const t = (await rows.nth(i).innerText()).replace(/\s+/g, " ").trim();
        if (t.includes("section-count") && t.includes("[Ln 273")) {
          return t;
        }
      }
      return undefined;
    });
  });

  await check("Outline lists the paragraphs", async () => {
    // Explorer view, then expand its Outline pane if collapsed.
    await page.keyboard.press("Control+Shift+E");
    const header = page.locator(".pane-header", { hasText: /^Outline/i }).first();
    await header.waitFor({ timeout: STEP });
    if ((await header.getAttribute("aria-expanded")) !== "true") {
      await header.click();
    }
    return until("Outline rows", async () => {
      const rows = page.locator(".outline-pane .monaco-list-row, .pane-body .outline-tree .monaco-list-row");
      const n = await rows.count();
      const texts = [];
      for (let i = 0; i < n; i++) {
        texts.push((await rows.nth(i).innerText()).replace(/\s+/g, " ").trim());
      }
      const para = texts.find((t) => /^1\./.test(t));
      const root = texts.find((t) => /QUITO 08812/.test(t));
      if (para || (root && texts.length > 1)) {
        return `${texts.length} rows: ${texts.slice(0, 3).join(" / ")}`;
      }
      // Expand the cable's root node if only it is shown.
      if (root && texts.length === 1) {
        await rows.first().press("ArrowRight").catch(() => {});
      }
      return undefined;
    });
  });

  // The picture for the README: the fault's line with its squiggle, Problems and the Outline.
  await check("screenshot of diagnostic and Outline", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await gotoLine(273, 20);
    await page.waitForTimeout(500);
    await page.locator(".monaco-editor .squiggly-error").first().waitFor({ timeout: 5000 });
    // Only a run that saw everything so far replaces the picture in the repository.
    const shot = path.join(WORK, "screenshot.png");
    await page.screenshot({ path: shot });
    if (SCREENSHOT && results.every(Boolean)) {
      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      fs.copyFileSync(shot, SCREENSHOT);
      return SCREENSHOT;
    }
    return SCREENSHOT ? `${shot} (earlier checks failed: ${SCREENSHOT} left alone)` : shot;
  });

  await check("hover on the DTG of line 25 says 14 March 1993", async () => {
    await page.locator(".monaco-editor .view-lines").first().click();
    await gotoLine(25, 5);
    const text = await lineText(25);
    if (!text.startsWith("P 141530Z MAR 93")) {
      throw new Error(`line 25 reads "${text}"`);
    }
    // Mouse first (what a user does): the DTG is its own token span thanks to the grammar.
    // Line 25 itself (line 23, the dash line, carries the same 141530Z).
    const span = page
      .locator(".editor-group-container .monaco-editor .view-line", { hasText: /^P\s141530Z\sMAR\s93/ })
      .locator("span span", { hasText: /^141530Z$/ })
      .first();
    let how = "mouse";
    if (await span.count()) {
      await span.hover();
    } else {
      how = "keyboard";
    }
    const hover = page.locator(".monaco-hover:not(.hidden) .monaco-hover-content, .monaco-editor-hover .hover-contents");
    // The DTG's explanation in any visible hover widget.
    const dtgHover = async () => {
      const n = await hover.count();
      for (let i = 0; i < n; i++) {
        const t = (await hover.nth(i).innerText()).replace(/\s+/g, " ");
        if (t.includes("14 March 1993") && t.includes("MAR 93")) return t;
      }
      return undefined;
    };
    const seen = await until("hover text", dtgHover, 8000).catch(() => undefined);
    if (seen) return `${how}: ${seen.slice(0, 100)}`;
    // Keyboard fallback: Show Hover at the cursor (inside the DTG).
    await gotoLine(25, 5);
    await runCommand("Show or Focus Hover");
    const t = await until("hover text", dtgHover);
    return `keyboard: ${t.slice(0, 100)}`;
  });

  await check("Cable: Show Syntax Tree opens the server's tree", async () => {
    await page.keyboard.press("Escape");
    await page.locator(".editor-group-container .monaco-editor .view-lines").first().click();
    await runCommand("Cable: Show Syntax Tree");
    await page.locator(".tabs-container .tab", { hasText: `${FILE}.tree` }).first().waitFor({ timeout: STEP });
    const text = await until("tree text", async () => {
      const lines = page.locator(".editor-group-container .monaco-editor .view-line");
      const n = await lines.count();
      const all = [];
      for (let i = 0; i < Math.min(n, 40); i++) all.push((await lines.nth(i).innerText()).replace(/\u00a0/g, " "));
      const joined = all.join("\n");
      return /cable-ls syntax tree/.test(joined) && all.length > 3 ? joined : undefined;
    });
    // Back to the cable for the last check.
    await page.locator(".tabs-container .tab", { hasText: FILE }).filter({ hasNotText: ".tree" }).first().click();
    await page.locator(".tabs-container .tab.active", { hasText: FILE }).filter({ hasNotText: ".tree" }).waitFor({ timeout: STEP });
    return text.split("\n").filter((l) => /^# /.test(l)).join(" / ").slice(0, 120);
  });

  await check("cable.severity in settings.json turns section-count off and on again", async () => {
    if (!errorSeen) {
      throw new Error("the error was never shown, so its going away proves nothing");
    }
    // As a user does it: the user settings in the JSON editor, changed and saved; the server
    // then reads the `cable` section again (workspace/configuration).
    const file = path.join(WORK, "user", "User", "settings.json");
    const original = fs.readFileSync(file, "utf8");
    const settings = JSON.parse(original);
    const writeSettings = async (value) => {
      await page.keyboard.press("Escape");
      await runCommand("Preferences: Open User Settings (JSON)");
      // The settings open in a tab or, in newer VS Code, a modal editor: either way, the editor
      // showing them.
      const lines = page.locator(".monaco-editor .view-lines", { hasText: "workbench.startupEditor" }).last();
      await lines.waitFor({ timeout: STEP });
      await lines.click();
      await page.keyboard.press("Control+A");
      // One line, so that no auto-indent creeps in; whatever the editor closed by itself after
      // the cursor goes.
      await page.keyboard.insertText(JSON.stringify(value));
      await page.keyboard.press("Control+Shift+End");
      await page.keyboard.press("Delete");
      await page.keyboard.press("Control+S");
      await until("settings.json saved", async () => {
        const now = JSON.parse(fs.readFileSync(file, "utf8"));
        return JSON.stringify(now) === JSON.stringify(value);
      });
      await page.keyboard.press("Control+W");
    };
    await writeSettings({ ...settings, "cable.severity": { "section-count": "off" } });
    const off = await until("no errors once section-count is off", async () => {
      const l = await problemsLabel();
      return !/Errors: [1-9]/.test(l) ? l.split(" | ")[0] : undefined;
    });
    await writeSettings(settings);
    await until("the error back once the setting is gone", async () => {
      const l = await problemsLabel();
      return /Errors: 1\b/.test(l) ? l : undefined;
    });
    // Back to the cable for the last check.
    await page.locator(".tabs-container .tab", { hasText: FILE }).filter({ hasNotText: ".tree" }).first().click();
    await page.locator(".tabs-container .tab.active", { hasText: FILE }).filter({ hasNotText: ".tree" }).waitFor({ timeout: STEP });
    return off;
  });

  await check("the quick fix from the lightbulb clears the error and fixes the text", async () => {
    if (!errorSeen) {
      throw new Error("the error was never shown, so its going away proves nothing");
    }
    const onDisk = path.join(WS, FILE);
    const fixed = fs.readFileSync(FIXTURE);
    // Saved after the fix, the file must equal the fixture the fault was injected into: that
    // is only news while the file on disk still differs from it.
    if (fs.readFileSync(onDisk).equals(fixed)) {
      throw new Error(`${FILE} on disk already equals ${FIXTURE}`);
    }
    await page.keyboard.press("Escape");
    await page.locator(".monaco-editor .view-lines").first().click();
    const before = await lineText(273);
    if (!before.includes("SECTION 03 OF 05")) {
      throw new Error(`line 273 reads "${before}" before the fix`);
    }
    // The cursor inside the diagnostic's range ("03 OF 05", columns 20-27): the editor asks
    // for code actions there and shows the lightbulb, a content widget or, where it would
    // cover text, a glyph in the gutter; a preferred fix has the "autofix" icon.
    await gotoLine(273, 23);
    const bulb = page
      .locator(
        ".editor-group-container .monaco-editor .lightBulbWidget:visible, " +
          ".editor-group-container .monaco-editor .glyph-margin-widgets [class*='codicon-lightbulb']",
      )
      .first();
    await bulb.waitFor({ state: "visible", timeout: STEP }).catch(() => {
      throw new Error(`no lightbulb at line 273 within ${STEP} ms`);
    });
    const icon = (await bulb.getAttribute("class")) ?? "";
    if (!/codicon-lightbulb-autofix/.test(icon)) {
      throw new Error(`the lightbulb is not the preferred fix's (class "${icon}")`);
    }
    await bulb.click();
    // The lightbulb's menu: the fix is offered under its title, first.
    const title = "Replace `03 OF 05` with `03 OF 04`";
    const rows = page.locator(".action-widget .monaco-list-row.action");
    await rows.first().waitFor({ state: "visible", timeout: STEP });
    const offered = [];
    for (let i = 0; i < (await rows.count()); i++) {
      offered.push((await rows.nth(i).innerText()).replace(/\s+/g, " ").trim());
    }
    await page.screenshot({ path: path.join(WORK, "quick-fix-menu.png") });
    const row = rows.filter({ hasText: title }).first();
    if (!(await row.count())) {
      throw new Error(`the lightbulb's menu offers ${JSON.stringify(offered)}, not "${title}"`);
    }
    await row.click();
    await page.locator(".action-widget").first().waitFor({ state: "hidden", timeout: STEP });
    const label = await until("no problems in the status bar", async () => {
      const l = await problemsLabel();
      return /No Problems/i.test(l) ? l.split(" | ")[0] : undefined;
    });
    await until("Problems lists nothing", async () => (await page.locator(".markers-panel .monaco-list-row").count()) === 0);
    const after = await lineText(273);
    if (!after.includes("SECTION 03 OF 04 QUITO 08812")) {
      throw new Error(`line 273 reads "${after}" after the fix`);
    }
    // The whole text: saved, it is the fixture again byte for byte (the fix touched nothing
    // else).
    await page.keyboard.press("Control+S");
    await until(`${FILE} saved equal to the fixture`, async () => fs.readFileSync(onDisk).equals(fixed));
    // Undone, the fault and its error are back for the next check.
    await page.keyboard.press("Control+Z");
    await until("the error back after undo", async () => /Errors: 1\b/.test(await problemsLabel()));
    return `menu ${JSON.stringify(offered)}; ${label}; saved file equals the fixture`;
  });

  await check("typing 4 over the 5 clears the error", async () => {
    if (!errorSeen) {
      throw new Error("the error was never shown, so its going away proves nothing");
    }
    await page.keyboard.press("Escape");
    await page.locator(".monaco-editor .view-lines").first().click();
    const before = await lineText(273);
    if (!before.includes("SECTION 03 OF 05")) {
      throw new Error(`line 273 reads "${before}" before typing`);
    }
    // "[REDACTED] SECTION 03 OF 05 QUITO 08812": the 5 is column 27.
    await gotoLine(273, 27);
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.type("4");
    const text = await lineText(273);
    if (!text.includes("SECTION 03 OF 04")) {
      throw new Error(`line 273 reads "${text}" after typing`);
    }
    const label = await until("no errors in the status bar", async () => {
      const l = await problemsLabel();
      return /Errors: 0\b|No Problems/i.test(l) || !/Errors: [1-9]/.test(l) ? l.split(" | ")[0] : undefined;
    });
    await until("Problems entry gone", async () => {
      const rows = page.locator(".markers-panel .monaco-list-row");
      const n = await rows.count();
      for (let i = 0; i < n; i++) {
        if ((await rows.nth(i).innerText()).includes("section-count")) return undefined;
      }
      return true;
    });
    return label;
  });

  // Navigation between cables: WS/refs holds cables that cite each other (a copy of
  // tests/workspace/cables), read by the server's workspace index, never opened before.
  await check("Go to Symbol in Workspace (Ctrl+T) finds 94QUITO8812 and opens its cable", async () => {
    await page.keyboard.press("Escape");
    await page.locator(".editor-group-container .monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+T");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    // Ctrl+T opens Quick Open with `#`, the workspace symbols' prefix.
    const prefilled = await input.inputValue();
    if (prefilled !== "#") {
      throw new Error(`Ctrl+T opened quick input with "${prefilled}", not "#"`);
    }
    await input.fill("#94QUITO8812");
    const rows = page.locator(".quick-input-list .monaco-list-row");
    const row = rows.filter({ hasText: "94QUITO8812" }).first();
    await row.waitFor({ timeout: STEP });
    const offered = [];
    for (let i = 0; i < (await rows.count()); i++) {
      offered.push((await rows.nth(i).innerText()).replace(/\s+/g, " ").trim());
    }
    await row.click();
    await page.locator(".tabs-container .tab.active", { hasText: "quito-08812.cable" }).waitFor({ timeout: STEP });
    const at = await cursorLine(6);
    return `rows ${JSON.stringify(offered)}; ${at}`;
  });

  await check("Go to Definition (F12) on REF (B) STATE 40721 opens state-40721.cable at its caption", async () => {
    // The cable is open when the check before passed; else Quick Open opens it, so that this
    // check stands on its own.
    const active = page.locator(".tabs-container .tab.active", { hasText: "quito-08812.cable" });
    if (!(await active.count())) {
      await page.keyboard.press("Escape");
      await page.keyboard.press("Control+P");
      const input = page.locator(".quick-input-widget input");
      await input.waitFor({ state: "visible" });
      await input.fill("quito-08812.cable");
      await page.locator(".quick-input-list .monaco-list-row", { hasText: "quito-08812.cable" }).first().click();
      await active.waitFor({ timeout: STEP });
    }
    // Line 11 of quito-08812.cable: `REF: (A) 93 QUITO 7710, (B) STATE 40721, (C) 93`.
    const ref = await lineText(11);
    const at = ref.indexOf("(B) STATE 40721");
    if (at < 0) {
      throw new Error(`line 11 reads "${ref}"`);
    }
    await gotoLine(11, at + "(B) STATE 4".length + 1);
    await page.keyboard.press("F12");
    await page.locator(".tabs-container .tab.active", { hasText: "state-40721.cable" }).waitFor({ timeout: STEP });
    const where = await cursorLine(5);
    const caption = await lineText(5);
    if (!caption.includes("STATE 040721")) {
      throw new Error(`the cursor is on "${caption}", not the caption`);
    }
    return `${where}: "${caption.trim()}"`;
  });
}

/** Wait until the status bar puts the cursor on `line` (1-based); its text. */
async function cursorLine(line) {
  return until(`the cursor on line ${line}`, async () => {
    const t = (await page.locator("[id='status.editor.selection']").first().innerText()).trim();
    return new RegExp(`^Ln ${line},`).test(t) ? t : undefined;
  }, 10000);
}

let crashed = false;
try {
  await main();
} catch (e) {
  crashed = true;
  report("browser session", false, String(e.message || e).split("\n")[0]);
} finally {
  await browser?.close().catch(() => {});
}
const passed = results.filter(Boolean).length;
const failed = results.length - passed;
// A run that stopped early counts the checks it never reached as failed: 14 checks in all.
const TOTAL = 14;
const missing = crashed ? 0 : Math.max(0, TOTAL - results.length);
console.log(`vscode: ${passed} passed, ${failed + missing} failed`);
process.exit(failed + missing === 0 ? 0 : 1);
