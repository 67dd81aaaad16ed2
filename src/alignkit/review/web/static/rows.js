// One row per unit: its number, paragraph, type and score, one cell per language (a span per
// sentence, glossary terms marked), the status, and a line of notes (reasons for a flag, term
// findings, the comment).  Text is always set as text, never as HTML.

const CJK = /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

export function confidenceColour(score) {
  const hue = Math.round(Math.max(0, Math.min(1, score)) * 120);
  return `hsl(${hue} 70% 38%)`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

// `text` with its glossary terms marked.
function appendText(parent, text, terms) {
  if (!terms || terms.length === 0) {
    parent.append(text);
    return;
  }
  let at = 0;
  for (const [start, end, status, concept] of [...terms].sort((a, b) => a[0] - b[0])) {
    if (start < at) continue;
    if (start > at) parent.append(text.slice(at, start));
    const mark = element("mark", `term term-${status}`, text.slice(start, end));
    mark.title = `${concept}: ${status} term`;
    parent.append(mark);
    at = end;
  }
  if (at < text.length) parent.append(text.slice(at));
}

export class RowRenderer {
  // ui: the page's state (mode, split cuts, editing); actions: callbacks for clicks and editors.
  constructor(store, ui, actions) {
    this.store = store;
    this.ui = ui;
    this.actions = actions;
    this.widths = {};
  }

  render(unit) {
    const { store, ui } = this;
    const row = element("div", "row");
    row.dataset.key = unit.key;
    row.style.setProperty("--confidence", confidenceColour(unit.score));
    row.classList.add(`status-${unit.status}`);
    if (unit.flagged) row.classList.add("flagged");

    const number = element("div", "c num");
    number.append(element("span", "n"));
    const score = element("span", "score", unit.score.toFixed(2));
    score.title = `confidence ${unit.score.toFixed(2)}${unit.flagged ? " (flagged)" : ""}`;
    number.append(score, element("span", "type", unit.type));
    const paragraph = element("div", "c para", unit.paragraph ? `¶ ${unit.paragraph}` : "");
    if (unit.paragraph) paragraph.title = `paragraph ${unit.paragraph}`;
    row.append(number, paragraph);

    const mode = ui.mode && ui.modeKey === unit.key ? ui.mode : null;
    store.langs.forEach((lang, column) => {
      const cell = element("div", "c lang");
      cell.lang = lang;
      cell.dataset.lang = lang;
      cell.dataset.column = column;
      const sentences = unit.cells[lang];
      sentences.forEach((sentence, index) => {
        if (mode === "split" && ui.cuts[lang] === index) cell.append(this.cutMark(lang));
        if (mode === "edit" && ui.editLang === lang && ui.editSentence === index) {
          cell.append(this.editor(sentence.text, "edit-text", (text) => this.actions.commitEdit(text)));
          return;
        }
        const span = element("span", "s");
        span.dataset.i = index;
        if (sentence.edited) {
          span.classList.add("edited");
          span.title = "edited by a reviewer";
        }
        appendText(span, sentence.text, sentence.terms);
        cell.append(span);
      });
      if (mode === "split" && ui.cuts[lang] === sentences.length) cell.append(this.cutMark(lang));
      if (sentences.length === 0) cell.classList.add("empty");
      row.append(cell);
    });

    const state = element("div", "c state");
    const badge = element("span", `badge badge-${unit.status}`, unit.status === "auto" ? "—" : unit.status);
    state.append(badge);
    if (unit.flagged) state.append(element("span", "flag", "⚑ flagged"));
    if (unit.edited.length) state.append(element("span", "edited-langs", `✎ ${unit.edited.join(", ")}`));
    row.append(state);

    const notes = this.notes(unit, mode);
    if (notes) row.append(notes);
    if (mode === "split") row.append(element("div", "extra hint", "Split: click a sentence to cut before it, "
      + "or use ↑ ↓ to move the cut and ← → to change language; Enter splits, Esc cancels."));
    return row;
  }

  notes(unit, mode) {
    const lines = [];
    if (unit.flagged && unit.reasons.length) lines.push(element("div", "note reason", `⚑ ${unit.reasons.join("; ")}`));
    for (const finding of unit.findings) {
      lines.push(element("div", `note finding ${finding.severity}`,
        `${finding.severity === "error" ? "✖" : "⚠"} ${finding.lang} ${finding.kind}: ${finding.message}`));
    }
    if (mode === "comment") {
      const editor = this.editor(unit.comment, "edit-comment", (text) => this.actions.commitComment(text), true);
      editor.placeholder = "Comment (Enter saves, Shift+Enter starts a new line, Esc cancels)";
      lines.push(editor);
    } else if (unit.comment) {
      const note = element("div", "note comment");
      note.append(element("span", "label", "Comment"), unit.comment);
      lines.push(note);
    }
    if (!lines.length) return null;
    const notes = element("div", "extra");
    notes.append(...lines);
    return notes;
  }

  cutMark(lang) {
    const mark = element("span", "cut", "✂");
    mark.title = `${lang}: the sentences after this go to a new unit`;
    if (this.store.langs[this.ui.lang] === lang) mark.classList.add("active");
    return mark;
  }

  editor(text, className, commit, multiline = false) {
    const area = element("textarea", className);
    area.value = text;
    area.rows = Math.max(2, Math.ceil(text.length / 60));
    area.spellcheck = true;
    area.addEventListener("keydown", (event) => {
      if (event.key === "Escape") {
        event.preventDefault();
        event.stopPropagation();
        this.actions.cancelMode();
      } else if (event.key === "Enter" && !(multiline && event.shiftKey)) {
        event.preventDefault();
        event.stopPropagation();
        commit(area.value);
      } else {
        event.stopPropagation();
      }
    });
    area.addEventListener("input", () => this.actions.resized());
    return area;
  }

  // The classes that change without the unit changing: the number, the current row, the selection, focus.
  decorate(row, position, { current, selected }) {
    row.dataset.pos = position;
    row.querySelector(".n").textContent = position + 1;
    row.classList.toggle("current", current);
    row.classList.toggle("selected", selected);
    for (const old of row.querySelectorAll(".focus")) old.classList.remove("focus");
    if (!current) return;
    const lang = this.store.langs[this.ui.lang];
    const cell = row.querySelector(`.c.lang[data-lang="${lang}"]`);
    if (!cell) return;
    cell.classList.add("focus");
    const sentence = cell.querySelector(`.s[data-i="${this.ui.sentence}"]`);
    if (sentence) sentence.classList.add("focus");
  }

  // Column widths of the languages, in pixels, from the header (for estimates).
  measure(header) {
    for (const cell of header.querySelectorAll(".c.lang")) this.widths[cell.dataset.lang] = cell.clientWidth - 16;
  }

  // A row's height before it has been on screen: its longest language, wrapped.
  estimate(unit) {
    let lines = 1;
    for (const lang of this.store.langs) {
      const width = this.widths[lang] || 300;
      let units = 0;
      for (const sentence of unit.cells[lang]) {
        const text = sentence.text;
        units += text.length + 1;
        if (CJK.test(text.slice(0, 8))) units += text.length * 0.95;
      }
      lines = Math.max(lines, Math.ceil((units * 7.3) / width * 1.06));
    }
    let notes = unit.findings.length + (unit.comment ? 1 : 0) + (unit.flagged && unit.reasons.length ? 1 : 0);
    notes = notes ? notes * 20 + 8 : 0;
    return Math.max(52, lines * 21 + 14) + notes;
  }
}
