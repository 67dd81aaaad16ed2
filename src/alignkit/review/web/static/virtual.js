// A list that builds only the rows on screen (and a margin around them), whatever its length.
//
// Rows have different heights (wrapped text in three languages).  Each row's height is
// estimated until it has been on screen, then measured and remembered (per unit object:
// a changed unit is a new object, so it is measured again).  The rows are placed at the
// running sum of the heights; when a measured height differs from its estimate, the rows
// below move, and the scroll position is corrected so that the row at the top of the
// screen stays where it was.

export class VirtualList {
  // options: itemAt(i) → the unit shown at index i; render(unit, i) → a new element;
  // decorate(element, i) → classes that change without the unit changing (current row...);
  // estimate(unit) → a height in pixels; overscan: pixels built beyond each edge.
  constructor(viewport, canvas, options) {
    this.viewport = viewport;
    this.canvas = canvas;
    this.options = { overscan: 600, ...options };
    this.count = 0;
    this.heights = new Float64Array(0);
    this.offsets = new Float64Array(1);
    this.measured = new WeakMap();
    this.elements = new Map(); // unit → element, in list order
    this.first = 0; // the index of the first element built
    this.scheduled = false;
    viewport.addEventListener("scroll", () => this.schedule(), { passive: true });
  }

  // The list now shows `count` items (after a filter or a change of the units).
  reset(count) {
    this.count = count;
    this.heights = new Float64Array(count);
    for (let i = 0; i < count; i++) this.heights[i] = this.heightOf(this.options.itemAt(i));
    this.offsets = new Float64Array(count + 1);
    this.sumFrom(0);
    this.update();
  }

  // Widths changed (a resized window): every height is estimated again.
  remeasureAll() {
    this.measured = new WeakMap();
    for (const element of this.elements.values()) element.remove();
    this.elements.clear();
    this.reset(this.count);
  }

  // The row of `unit` is built again on the next update (its mode changed, not its content).
  rebuild(unit) {
    const element = this.elements.get(unit);
    if (element) {
      element.remove();
      this.elements.delete(unit);
    }
    this.measured.delete(unit);
  }

  heightOf(unit) {
    return this.measured.get(unit) ?? this.options.estimate(unit);
  }

  sumFrom(start) {
    const { heights, offsets } = this;
    for (let i = start; i < this.count; i++) offsets[i + 1] = offsets[i] + heights[i];
    this.canvas.style.height = `${offsets[this.count]}px`;
  }

  // The index of the row at height `y` (clamped to the list).
  indexAt(y) {
    const offsets = this.offsets;
    let low = 0;
    let high = this.count - 1;
    if (high < 0) return -1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (offsets[middle] <= y) low = middle; else high = middle - 1;
    }
    return low;
  }

  schedule() {
    if (this.scheduled) return;
    this.scheduled = true;
    requestAnimationFrame(() => {
      this.scheduled = false;
      this.update();
    });
  }

  // Build the rows in view, measure them, and place them.
  update() {
    for (let round = 0; round < 4; round++) {
      if (!this.renderWindow()) break;
    }
  }

  // One pass; true when measuring moved rows (the window may need another pass).
  renderWindow() {
    const { viewport, options } = this;
    if (this.count === 0) {
      for (const element of this.elements.values()) element.remove();
      this.elements.clear();
      return false;
    }
    const top = viewport.scrollTop;
    const first = this.indexAt(top - options.overscan);
    const last = this.indexAt(top + viewport.clientHeight + options.overscan);
    const anchor = this.indexAt(top);
    const anchorShift = this.offsets[anchor] - top;

    const keep = new Map();
    const fresh = [];
    for (let i = first; i <= last; i++) {
      const unit = options.itemAt(i);
      let element = this.elements.get(unit);
      if (!element) {
        element = options.render(unit, i);
        fresh.push(element);
      }
      keep.set(unit, element);
      options.decorate(element, i);
    }
    for (const [unit, element] of this.elements) if (!keep.has(unit)) element.remove();
    this.elements = keep;
    this.first = first;
    if (fresh.length) this.canvas.append(...fresh);

    let changedFrom = -1;
    let i = first;
    for (const [unit, element] of keep) {
      const height = element.getBoundingClientRect().height;
      if (Math.abs(height - this.heights[i]) > 0.5) {
        this.heights[i] = height;
        if (changedFrom < 0) changedFrom = i;
      }
      this.measured.set(unit, height);
      i += 1;
    }
    if (changedFrom >= 0) {
      this.sumFrom(changedFrom);
      if (changedFrom <= anchor) viewport.scrollTop = this.offsets[anchor] - anchorShift;
    }
    i = first;
    for (const element of keep.values()) {
      element.style.transform = `translateY(${this.offsets[i]}px)`;
      i += 1;
    }
    return changedFrom >= 0;
  }

  // Scroll so that item `i` is in view ("nearest": as little as needed; "center": in the middle).
  scrollToIndex(i, align = "nearest") {
    if (i < 0 || i >= this.count) return;
    for (let round = 0; round < 3; round++) {
      const { viewport } = this;
      const top = this.offsets[i];
      const bottom = this.offsets[i + 1];
      const view = viewport.clientHeight;
      let target = viewport.scrollTop;
      if (align === "center") target = top - (view - (bottom - top)) / 2;
      else if (top < viewport.scrollTop) target = top;
      else if (bottom > viewport.scrollTop + view) target = Math.min(top, bottom - view);
      target = Math.max(0, Math.round(target));
      if (Math.abs(target - viewport.scrollTop) < 1 && round > 0) break;
      viewport.scrollTop = target;
      this.update(); // the rows now in view are measured: the item may have moved
      align = "nearest";
    }
  }

  redecorate() {
    let i = this.first;
    for (const element of this.elements.values()) {
      this.options.decorate(element, i);
      i += 1;
    }
  }

  // The element of item `i`, when it is built.
  elementAt(i) {
    return this.elements.get(this.options.itemAt(i));
  }
}
