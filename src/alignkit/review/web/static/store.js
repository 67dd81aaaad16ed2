// The units as the page knows them, the version they are at, and which of them the filter shows.

export const FILTERS = {
  all: { label: "All units", test: () => true },
  flagged: { label: "Flagged", test: (u) => u.flagged && u.status !== "confirmed" },
  auto: { label: "Not reviewed", test: (u) => u.status === "auto" },
  confirmed: { label: "Confirmed", test: (u) => u.status === "confirmed" },
  rejected: { label: "Rejected", test: (u) => u.status === "rejected" },
  edited: { label: "Edited", test: (u) => u.edited.length > 0 },
  comments: { label: "With a comment", test: (u) => u.comment !== "" },
  terms: { label: "Term findings", test: (u) => u.findings.length > 0, glossary: true },
};

export class Store {
  constructor(doc) {
    this.langs = doc.langs;
    this.name = doc.name;
    this.file = doc.file;
    this.format = doc.format;
    this.signature = doc.signature;
    this.glossary = doc.glossary;
    this.units = doc.units;
    this.version = doc.version;
    this.canUndo = doc.can_undo;
    this.canRedo = doc.can_redo;
    this.filter = "all";
    this.refilter();
  }

  // Replace units[start:start+removed] by the patch's units.
  apply(patch) {
    const { start, removed, units } = patch;
    const tail = this.units.slice(start + removed);
    this.units.length = start;
    for (const unit of units) this.units.push(unit);
    for (const unit of tail) this.units.push(unit);
    this.version = patch.version;
    this.canUndo = patch.can_undo;
    this.canRedo = patch.can_redo;
    this.refilter();
  }

  setFilter(name) {
    this.filter = FILTERS[name] ? name : "all";
    this.refilter();
  }

  refilter() {
    const test = FILTERS[this.filter].test;
    const visible = [];
    this.units.forEach((unit, position) => { if (test(unit)) visible.push(position); });
    this.visible = visible;
  }

  // The place in the visible list of the unit at `position`, or of the nearest visible one after (before) it.
  visibleIndex(position) {
    const visible = this.visible;
    let low = 0;
    let high = visible.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (visible[middle] < position) low = middle + 1; else high = middle;
    }
    return Math.min(low, visible.length - 1);
  }

  positionOfKey(key, near = 0) {
    const units = this.units;
    for (let distance = 0; distance < units.length; distance++) {
      const after = near + distance;
      const before = near - distance;
      if (after < units.length && units[after].key === key) return after;
      if (before >= 0 && before < units.length && units[before].key === key) return before;
      if (after >= units.length && before < 0) break;
    }
    return -1;
  }

  counts() {
    const counts = { units: this.units.length, confirmed: 0, rejected: 0, flagged: 0, auto: 0 };
    for (const unit of this.units) {
      counts[unit.status] += 1;
      if (unit.flagged && unit.status !== "confirmed") counts.flagged += 1;
    }
    return counts;
  }
}
