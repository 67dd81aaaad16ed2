// alignkit review: the page.  Every user action — a key, a button, a click — becomes a command,
// and commands run one after another, each one seeing the units the previous one left: three
// quick presses of Enter confirm three units, whatever the server's delay.

import { Api } from "./api.js";
import { commandFor, helpRows } from "./keys.js";
import { RowRenderer } from "./rows.js";
import { FILTERS, Store } from "./store.js";
import { VirtualList } from "./virtual.js";

const $ = (selector) => document.querySelector(selector);
const api = new Api($('meta[name="alignkit-token"]').content);

// The page's state: the current unit (by position, and by key across changes), the language and
// sentence in focus, the selection's other end, and the mode (split, edit, comment).
const ui = {
  position: 0, key: null, lang: 0, sentence: 0, anchor: null,
  mode: null, modeKey: null, cuts: {}, editLang: null, editSentence: 0,
};
let store;
let list;
let rows;
let stale = false;

// ---------------------------------------------------------------- commands, one at a time

const queue = [];
let draining = false;

function dispatch(name, argument) {
  queue.push([name, argument]);
  if (!draining) drain();
}

async function drain() {
  draining = true;
  document.body.classList.add("busy-queue");
  while (queue.length) {
    const [name, argument] = queue.shift();
    const command = COMMANDS[name];
    if (!command) continue;
    try {
      await command(argument);
    } catch (error) {
      report(error);
    }
  }
  draining = false;
  document.body.classList.remove("busy-queue");
}

function report(error) {
  if (error.stale) {
    showStale(error.message);
  } else {
    say(error.message || String(error), "error");
  }
}

// ---------------------------------------------------------------- the current unit

function unit() {
  return store.units[ui.position];
}

function setPosition(position, align = "nearest") {
  if (!store.units.length) return;
  ui.position = Math.max(0, Math.min(store.units.length - 1, position));
  ui.key = unit().key;
  remember();
  const cell = unit().cells[store.langs[ui.lang]];
  ui.sentence = Math.min(ui.sentence, Math.max(0, cell.length - 1));
  list.scrollToIndex(store.visibleIndex(ui.position), align);
  list.redecorate();
  showCurrent();
}

// The current unit is remembered per file and tab, so that a reload comes back to it.
function remember() {
  try {
    sessionStorage.setItem(`alignkit-review:${store.file}`, JSON.stringify({ key: ui.key, position: ui.position }));
  } catch (error) { /* storage full or off: nothing to remember */ }
}

function restoredPosition() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(`alignkit-review:${store.file}`) || "null");
    if (!saved) return 0;
    const found = store.positionOfKey(saved.key, saved.position);
    return found >= 0 ? found : Math.min(saved.position, store.units.length - 1);
  } catch (error) {
    return 0;
  }
}

// True when the row at visible index `index` is at least partly on screen.
function onScreen(index) {
  const top = list.viewport.scrollTop;
  return list.offsets[index + 1] > top && list.offsets[index] < top + list.viewport.clientHeight;
}

// Move by `step` visible units; from the first row on screen when the current one was scrolled away.
function step(step) {
  if (!store.visible.length) return;
  const here = store.visibleIndex(ui.position);
  if (!onScreen(here)) {
    setPosition(store.visible[list.indexAt(list.viewport.scrollTop + 1)]);
    return;
  }
  const onHidden = store.visible[here] !== ui.position;
  const target = onHidden && step > 0 ? here : here + step;
  const index = Math.max(0, Math.min(store.visible.length - 1, target));
  setPosition(store.visible[index]);
}

function selection() {
  if (ui.anchor === null) return [ui.position, ui.position + 1];
  return [Math.min(ui.anchor, ui.position), Math.max(ui.anchor, ui.position) + 1];
}

function clearSelection() {
  if (ui.anchor === null) return;
  ui.anchor = null;
  list.redecorate();
}

// ---------------------------------------------------------------- talking to the server

async function operate(op, params, after) {
  if (stale) throw new Error("This page is out of date: reload it first.");
  const patch = await api.operation(store.version, op, params);
  if (patch.removed === 0 && patch.units.length === 0) return patch;
  store.apply(patch);
  const key = ui.key;
  list.reset(store.visible.length);
  showEmpty();
  const found = store.positionOfKey(key, ui.position);
  ui.position = found >= 0 ? found : Math.min(patch.start, store.units.length - 1);
  if (after) after(patch);
  setPosition(ui.position);
  showSaving();
  showProgress();
  pollSoon();
  return patch;
}

function cancelMode() {
  if (!ui.mode) return;
  const key = ui.modeKey;
  ui.mode = null;
  ui.modeKey = null;
  const target = store.units.find((candidate) => candidate.key === key);
  if (target) list.rebuild(target);
  list.update();
  list.redecorate();
}

function enterMode(mode, fields = {}) {
  cancelMode();
  Object.assign(ui, fields, { mode, modeKey: unit().key });
  list.rebuild(unit());
  list.update();
  list.redecorate();
  list.scrollToIndex(store.visibleIndex(ui.position));
  const editor = document.querySelector(".row.current textarea");
  if (editor) {
    editor.focus();
    editor.setSelectionRange(editor.value.length, editor.value.length);
  }
}

function defaultCuts(target) {
  // Cut the pivot after its first sentence, the others where their text is in the same proportion.
  const pivot = target.cells[store.langs[0]];
  const length = (sentences, count) => sentences.slice(0, count).reduce((sum, s) => sum + s.text.length, 0);
  const pivotCut = pivot.length > 1 ? 1 : pivot.length;
  const ratio = pivot.length ? length(pivot, pivotCut) / Math.max(1, length(pivot, pivot.length)) : 0.5;
  const cuts = {};
  for (const lang of store.langs) {
    const sentences = target.cells[lang];
    const total = Math.max(1, length(sentences, sentences.length));
    let best = 0;
    for (let cut = 0; cut <= sentences.length; cut++) {
      if (Math.abs(length(sentences, cut) / total - ratio) < Math.abs(length(sentences, best) / total - ratio)) best = cut;
    }
    cuts[lang] = lang === store.langs[0] ? pivotCut : best;
  }
  return cuts;
}

// ---------------------------------------------------------------- the commands

const COMMANDS = {
  down: () => { clearSelection(); step(1); },
  up: () => { clearSelection(); step(-1); },
  selectDown: () => { if (ui.anchor === null) ui.anchor = ui.position; step(1); },
  selectUp: () => { if (ui.anchor === null) ui.anchor = ui.position; step(-1); },
  pageDown: () => step(Math.max(1, Math.floor(list.viewport.clientHeight / 80))),
  pageUp: () => step(-Math.max(1, Math.floor(list.viewport.clientHeight / 80))),
  first: () => { clearSelection(); if (store.visible.length) setPosition(store.visible[0]); },
  last: () => { clearSelection(); if (store.visible.length) setPosition(store.visible[store.visible.length - 1]); },
  left: () => { ui.lang = (ui.lang + store.langs.length - 1) % store.langs.length; ui.sentence = 0; setPosition(ui.position); },
  right: () => { ui.lang = (ui.lang + 1) % store.langs.length; ui.sentence = 0; setPosition(ui.position); },
  nextSentence: () => {
    const count = unit().cells[store.langs[ui.lang]].length;
    if (ui.sentence + 1 < count) ui.sentence += 1;
    else { ui.lang = (ui.lang + 1) % store.langs.length; ui.sentence = 0; }
    setPosition(ui.position);
  },
  previousSentence: () => {
    if (ui.sentence > 0) ui.sentence -= 1;
    else {
      ui.lang = (ui.lang + store.langs.length - 1) % store.langs.length;
      ui.sentence = Math.max(0, unit().cells[store.langs[ui.lang]].length - 1);
    }
    setPosition(ui.position);
  },
  focus: ({ position, lang, sentence }) => {
    if (ui.mode === "split" && unit() && store.units[position]?.key === ui.modeKey && lang !== undefined) {
      ui.lang = lang;
      ui.cuts[store.langs[lang]] = sentence ?? store.units[position].cells[store.langs[lang]].length;
      list.rebuild(unit());
      list.update();
      list.redecorate();
      return;
    }
    if (ui.mode) cancelMode();
    clearSelection();
    if (lang !== undefined) ui.lang = lang;
    ui.sentence = sentence ?? 0;
    setPosition(position);
  },
  extendTo: ({ position }) => { if (ui.anchor === null) ui.anchor = ui.position; setPosition(position); },
  nextFlagged: () => findFlagged(1),
  previousFlagged: () => findFlagged(-1),

  confirmNext: () => verdict("confirmed"),
  rejectNext: () => verdict("rejected"),
  unreview: async () => {
    const [start, stop] = selection();
    await operate("status", { at: start, stop, status: "auto" });
  },
  merge: async () => {
    await operate("merge", { at: ui.position });
    say("Merged with the next unit.");
  },
  split: () => {
    enterMode("split", { cuts: defaultCuts(unit()) });
    say("Split: choose the cut in each language, then Enter (Esc cancels).");
  },
  commitSplit: async () => {
    const cuts = { ...ui.cuts };
    cancelMode();
    await operate("split", { at: ui.position, cuts });
    say("Split into two units.");
  },
  moveUp: () => move(-1),
  moveDown: () => move(1),
  edit: () => {
    const lang = store.langs[ui.lang];
    const sentences = unit().cells[lang];
    if (!sentences.length) throw new Error(`This unit has no ${lang} sentence to edit.`);
    enterMode("edit", { editLang: lang, editSentence: Math.min(ui.sentence, sentences.length - 1) });
  },
  commitEdit: async (text) => {
    const lang = ui.editLang;
    const sentence = ui.editSentence;
    cancelMode();
    await operate("edit", { at: ui.position, lang, sentence, text });
  },
  comment: () => enterMode("comment"),
  commitComment: async (text) => {
    cancelMode();
    await operate("comment", { at: ui.position, comment: text });
  },
  realign: async () => {
    const params = ui.anchor === null ? { at: ui.position } : { at: selection()[0], stop: selection()[1] };
    say("Re-aligning…");
    const patch = await operate("realign", params, () => clearSelection());
    say(`Re-aligned: ${patch.removed} unit(s) became ${patch.units.length}.`);
  },
  undo: async () => {
    const patch = await operate("undo", {}, (p) => { ui.position = Math.min(p.start, store.units.length - 1); });
    if (patch) say("Undone.");
  },
  redo: async () => {
    const patch = await operate("redo", {}, (p) => { ui.position = Math.min(p.start, store.units.length - 1); });
    if (patch) say("Redone.");
  },
  escape: () => { if (ui.mode) cancelMode(); else clearSelection(); },
  help: () => { const dialog = $("#help"); if (dialog.open) dialog.close(); else dialog.showModal(); },
  filter: (name) => applyFilter(name),
  nextFilter: () => {
    const names = Object.keys(FILTERS).filter((name) => !FILTERS[name].glossary || store.glossary);
    applyFilter(names[(names.indexOf(store.filter) + 1) % names.length]);
  },
  export: (format) => exportFile(format),
  reload: () => window.location.reload(),
};

async function verdict(status) {
  const [start, stop] = selection();
  await operate("status", { at: start, stop, status });
  const count = stop - start;
  clearSelection();
  ui.position = stop - 1;
  step(1);
  say(count > 1 ? `${count} units ${status}.` : `Unit ${start + 1} ${status}.`);
}

async function move(direction) {
  const lang = store.langs[ui.lang];
  const movedFrom = ui.position;
  await operate("move", { at: ui.position, lang, direction });
  say(`Moved the ${direction < 0 ? "first" : "last"} ${lang} sentence of unit ${movedFrom + 1} `
    + `${direction < 0 ? "up" : "down"}.`);
}

function findFlagged(direction) {
  const units = store.units;
  const test = FILTERS[store.filter].test;
  for (let position = ui.position + direction; position >= 0 && position < units.length; position += direction) {
    const candidate = units[position];
    if (candidate.flagged && candidate.status !== "confirmed" && test(candidate)) {
      clearSelection();
      setPosition(position, "center");
      return;
    }
  }
  say(`No flagged unit ${direction > 0 ? "below" : "above"} this one.`);
}

function applyFilter(name) {
  cancelMode();
  clearSelection();
  store.setFilter(name);
  $("#filter").value = store.filter;
  list.reset(store.visible.length);
  if (store.visible.length) {
    setPosition(store.visible[store.visibleIndex(ui.position)], "center");
  }
  say(`${FILTERS[store.filter].label}: ${store.visible.length} of ${store.units.length} units.`);
  showEmpty();
}

function showEmpty() {
  const empty = $("#empty");
  empty.hidden = store.visible.length > 0;
  empty.textContent = `No unit is ${FILTERS[store.filter].label.toLowerCase()}: choose “All units” to see them all.`;
}

async function exportFile(format) {
  say(`Exporting ${format.toUpperCase()}…`);
  const { name, blob } = await api.export(format);
  const link = document.createElement("a");
  link.href = URL.createObjectURL(blob);
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  say(`Exported ${name}.`);
}

// ---------------------------------------------------------------- what the page says

let messageTimer = null;

function say(text, kind = "info") {
  const message = $("#message");
  message.textContent = text;
  message.className = kind;
  clearTimeout(messageTimer);
  if (kind === "info") messageTimer = setTimeout(() => { message.textContent = ""; }, 6000);
}

function showStale(text) {
  stale = true;
  $("#banner-text").textContent = text;
  $("#banner").hidden = false;
  document.body.classList.add("stale");
}

function showCurrent() {
  const current = unit();
  if (!current) return;
  const parts = [`Unit ${ui.position + 1} of ${store.units.length}`, `type ${current.type}`,
    `confidence ${current.score.toFixed(2)}`, current.status];
  if (ui.anchor !== null) parts.push(`${selection()[1] - selection()[0]} selected`);
  $("#current").textContent = parts.join(" · ");
  $("#undo").disabled = !store.canUndo;
  $("#redo").disabled = !store.canRedo;
}

function showProgress() {
  const counts = store.counts();
  $("#progress").textContent = `${counts.confirmed} confirmed · ${counts.rejected} rejected · `
    + `${counts.flagged} flagged · ${counts.units} units`;
  const done = counts.units ? (counts.confirmed + counts.rejected) / counts.units : 0;
  $("#progress-bar").value = done;
}

let lastStatus = { saved: 1, saving: false, error: "" };

function showSaving(status = null) {
  if (status) lastStatus = status;
  const state = $("#save-state");
  let text;
  let kind;
  if (lastStatus.error) {
    text = "Not saved";
    kind = "error";
    state.title = lastStatus.error;
  } else if (lastStatus.saving || lastStatus.saved < store.version) {
    text = "Saving…";
    kind = "saving";
    state.title = "";
  } else {
    text = "All changes saved";
    kind = "saved";
    state.title = `version ${store.version} is in ${store.file}`;
  }
  state.textContent = text;
  state.className = kind;
  state.dataset.version = lastStatus.saved;
  if (lastStatus.error) say(`Not saved: ${lastStatus.error}`, "error");
}

// ---------------------------------------------------------------- watching the server

let pollTimer = null;

function pollSoon(delay = 150) {
  clearTimeout(pollTimer);
  pollTimer = setTimeout(poll, delay);
}

async function poll() {
  try {
    const status = await api.status();
    if (status.version > store.version && !stale) {
      showStale(`This file was changed in another tab or window (it is at version ${status.version}, `
        + `this page shows ${store.version}). Reload to see the changes; until then, changes here are refused.`);
    }
    if (status.version === store.version) showSaving(status);
    const pending = status.saving || status.saved < status.version;
    pollSoon(pending ? 300 : 2500);
  } catch (error) {
    say(error.message, "error");
    pollSoon(5000);
  }
}

// ---------------------------------------------------------------- the page

function buildHeader() {
  const head = $("#grid-head");
  head.replaceChildren();
  const cell = (className, text, title) => {
    const node = document.createElement("div");
    node.className = className;
    node.textContent = text;
    if (title) node.title = title;
    head.append(node);
    return node;
  };
  cell("c num", "#", "unit number; its confidence and relation type below");
  cell("c para", "¶", "paragraph");
  store.langs.forEach((lang, index) => {
    const node = cell("c lang", index === 0 ? `${lang} (pivot)` : lang);
    node.dataset.lang = lang;
  });
  cell("c state", "Status");
  document.documentElement.style.setProperty("--languages", store.langs.length);
}

function buildToolbar() {
  const filter = $("#filter");
  for (const [name, spec] of Object.entries(FILTERS)) {
    if (spec.glossary && !store.glossary) continue;
    const option = document.createElement("option");
    option.value = name;
    option.textContent = spec.label;
    filter.append(option);
  }
  filter.addEventListener("change", () => { dispatch("filter", filter.value); filter.blur(); });
  for (const button of document.querySelectorAll("[data-command]")) {
    button.addEventListener("click", () => {
      dispatch(button.dataset.command, button.dataset.argument);
      button.blur();
    });
  }
  $("#banner-reload").addEventListener("click", () => window.location.reload());
  const table = $("#help-keys");
  for (const [keys, help] of helpRows()) {
    const row = table.insertRow();
    row.insertCell().textContent = keys;
    row.insertCell().textContent = help;
  }
}

function onKey(event) {
  if (event.target instanceof HTMLTextAreaElement || event.target instanceof HTMLInputElement
      || event.target instanceof HTMLSelectElement) return;
  if ($("#help").open) return;
  if (ui.mode === "split") {
    const lang = store.langs[ui.lang];
    const count = unit().cells[lang].length;
    const keys = {
      Enter: () => dispatch("commitSplit"), Escape: () => dispatch("escape"),
      ArrowLeft: () => { ui.lang = (ui.lang + store.langs.length - 1) % store.langs.length; },
      ArrowRight: () => { ui.lang = (ui.lang + 1) % store.langs.length; },
      ArrowUp: () => { ui.cuts[lang] = Math.max(0, ui.cuts[lang] - 1); },
      ArrowDown: () => { ui.cuts[lang] = Math.min(count, ui.cuts[lang] + 1); },
    };
    if (keys[event.key]) {
      event.preventDefault();
      keys[event.key]();
      if (ui.mode === "split" && !["Enter", "Escape"].includes(event.key)) {
        list.rebuild(unit());
        list.update();
        list.redecorate();
      }
    }
    return;
  }
  const command = commandFor(event);
  if (!command) return;
  event.preventDefault();
  if (ui.mode && command !== "escape") dispatch("escape"); // an editor left open, its text box no longer focused
  dispatch(command);
}

function onClick(event) {
  const row = event.target.closest(".row[data-pos]");
  if (!row || event.target.closest("textarea")) return;
  const position = Number(row.dataset.pos);
  if (event.shiftKey) {
    dispatch("extendTo", { position });
    return;
  }
  const cell = event.target.closest(".c.lang");
  const sentence = event.target.closest(".s");
  dispatch("focus", {
    position,
    lang: cell ? Number(cell.dataset.column) : undefined,
    sentence: sentence ? Number(sentence.dataset.i) : undefined,
  });
}

async function start() {
  const doc = await api.document();
  document.body.dataset.loaded = Math.round(performance.now()); // since the navigation started, for benchmarks
  store = new Store(doc);
  document.title = `${doc.name || doc.file} — alignkit review`;
  $("#doc-name").textContent = doc.name || doc.file;
  $("#doc-file").textContent = doc.file;
  $("#doc-signature").textContent = doc.signature || "";
  $("#doc-signature").title = doc.signature ? `settings that produced the alignment: ${doc.signature}` : "";
  buildHeader();
  buildToolbar();

  rows = new RowRenderer(store, ui, {
    commitEdit: (text) => dispatch("commitEdit", text),
    commitComment: (text) => dispatch("commitComment", text),
    cancelMode: () => dispatch("escape"),
    resized: () => list.update(),
  });
  rows.measure($("#grid-head"));
  list = new VirtualList($("#viewport"), $("#canvas"), {
    itemAt: (i) => store.units[store.visible[i]],
    render: (target) => rows.render(target),
    decorate: (element, i) => {
      const position = store.visible[i];
      const [start, stop] = selection();
      rows.decorate(element, position, {
        current: position === ui.position,
        selected: ui.anchor !== null && position >= start && position < stop,
      });
    },
    estimate: (target) => rows.estimate(target),
  });
  list.reset(store.visible.length);
  setPosition(restoredPosition());
  showProgress();
  showSaving(doc.save);
  document.body.dataset.firstRows = Math.round(performance.now());
  document.addEventListener("keydown", onKey);
  $("#viewport").addEventListener("click", onClick);
  let resizeTimer = null;
  window.addEventListener("resize", () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(() => { rows.measure($("#grid-head")); list.remeasureAll(); setPosition(ui.position); }, 150);
  });
  document.body.classList.add("ready");
  say(`${store.units.length} units. Press ? for the keys.`);
  pollSoon(1500);
}

start().catch((error) => {
  document.body.classList.add("failed");
  say(`Cannot open the alignment: ${error.message}`, "error");
});
