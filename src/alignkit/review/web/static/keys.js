// The keyboard: one table gives each shortcut, the command it runs and the help line shown for it.

const plain = (key) => (e) => e.key === key && !e.ctrlKey && !e.metaKey && !e.altKey;
const ctrl = (key, shift = false) => (e) => (e.ctrlKey || e.metaKey) && !e.altKey
  && e.key.toLowerCase() === key && e.shiftKey === shift;
const alt = (key) => (e) => e.altKey && !e.ctrlKey && !e.metaKey && e.key === key;

export const SHORTCUTS = [
  { keys: "Enter", help: "Confirm the unit (or the selection) and go to the next", command: "confirmNext",
    test: (e) => plain("Enter")(e) && !e.shiftKey },
  { keys: "x", help: "Reject the unit (or the selection) and go to the next", command: "rejectNext", test: plain("x") },
  { keys: "u", help: "Back to not reviewed (auto)", command: "unreview", test: plain("u") },
  { keys: "↓ or j", help: "Next unit", command: "down", test: (e) => (plain("ArrowDown")(e) && !e.shiftKey) || plain("j")(e) },
  { keys: "↑ or k", help: "Previous unit", command: "up", test: (e) => (plain("ArrowUp")(e) && !e.shiftKey) || plain("k")(e) },
  { keys: "Shift+↓ / Shift+↑", help: "Select units (for confirm, reject, re-align)", command: "selectDown",
    test: (e) => plain("ArrowDown")(e) && e.shiftKey },
  { keys: null, command: "selectUp", test: (e) => plain("ArrowUp")(e) && e.shiftKey },
  { keys: "← / →", help: "Previous / next language", command: "left", test: (e) => plain("ArrowLeft")(e) && !e.shiftKey },
  { keys: null, command: "right", test: (e) => plain("ArrowRight")(e) && !e.shiftKey },
  { keys: "Tab / Shift+Tab", help: "Next / previous sentence in the language", command: "nextSentence",
    test: (e) => plain("Tab")(e) && !e.shiftKey },
  { keys: null, command: "previousSentence", test: (e) => plain("Tab")(e) && e.shiftKey },
  { keys: "PageDown / PageUp", help: "A screen down / up", command: "pageDown", test: plain("PageDown") },
  { keys: null, command: "pageUp", test: plain("PageUp") },
  { keys: "Home / End", help: "First / last unit", command: "first", test: plain("Home") },
  { keys: null, command: "last", test: plain("End") },
  { keys: "n / Shift+N", help: "Next / previous flagged unit", command: "nextFlagged", test: (e) => plain("n")(e) },
  { keys: null, command: "previousFlagged", test: (e) => plain("N")(e) },
  { keys: "m", help: "Merge the unit with the next", command: "merge", test: plain("m") },
  { keys: "s", help: "Split the unit (choose the cut in each language, then Enter)", command: "split", test: plain("s") },
  { keys: "Alt+↑", help: "Move the first sentence of the language up to the unit above", command: "moveUp",
    test: alt("ArrowUp") },
  { keys: "Alt+↓", help: "Move the last sentence of the language down to the unit below", command: "moveDown",
    test: alt("ArrowDown") },
  { keys: "e or F2", help: "Edit the sentence (Enter saves, Esc cancels)", command: "edit",
    test: (e) => plain("e")(e) || plain("F2")(e) },
  { keys: "c", help: "Comment on the unit", command: "comment", test: plain("c") },
  { keys: "r", help: "Re-align the selection, or the units between the confirmed ones around this one",
    command: "realign", test: plain("r") },
  { keys: "Ctrl+Z", help: "Undo", command: "undo", test: ctrl("z") },
  { keys: "Ctrl+Y or Ctrl+Shift+Z", help: "Redo", command: "redo", test: (e) => ctrl("y")(e) || ctrl("z", true)(e) },
  { keys: "f", help: "Next filter (all, flagged, not reviewed…)", command: "nextFilter", test: plain("f") },
  { keys: "Esc", help: "Cancel the split, edit or selection", command: "escape", test: plain("Escape") },
  { keys: "?", help: "This help", command: "help", test: plain("?") },
];

// The command for a key press, or null.
export function commandFor(event) {
  for (const shortcut of SHORTCUTS) if (shortcut.test(event)) return shortcut.command;
  return null;
}

// The help table's rows: [keys, what they do].
export function helpRows() {
  return SHORTCUTS.filter((shortcut) => shortcut.keys).map((shortcut) => [shortcut.keys, shortcut.help]);
}
