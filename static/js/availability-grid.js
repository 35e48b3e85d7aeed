// Enhances the weekly availability grid (accounts/widgets.py): paint by dragging with a
// mouse, or a finger once painting is switched on; move with the arrow keys; a live count
// of the hours chosen. The checkboxes stay the single source of truth, so the form posts
// exactly what the person sees, and without this script the grid still works.
(function () {
  "use strict";

  const DAYS = 7;
  const ROWS = 48;
  // Keys that move focus, as [days, rows]; Home and End are clamped to the first and last row.
  const MOVES = {
    ArrowLeft: [-1, 0],
    ArrowRight: [1, 0],
    ArrowUp: [0, -1],
    ArrowDown: [0, 1],
    PageUp: [0, -8],
    PageDown: [0, 8],
    Home: [0, -ROWS],
    End: [0, ROWS],
  };

  function clamp(value, low, high) {
    return Math.min(high, Math.max(low, value));
  }

  // A checkbox value is "<weekday>-<half-hour index>", e.g. "0-38" for Monday 19:00.
  function coords(box) {
    const parts = box.value.split("-");
    return [Number(parts[0]), Number(parts[1])];
  }

  function enhance(grid) {
    // The widget's template may be included twice on a page, and with it this script.
    if (grid.dataset.availabilityReady) { return; }
    const boxes = Array.from(grid.querySelectorAll("input[type=checkbox]"));
    if (boxes.length === 0 || boxes[0].disabled) { return; }
    grid.dataset.availabilityReady = "true";

    const byValue = new Map(boxes.map((box) => [box.value, box]));
    const cellAt = (day, row) => byValue.get(day + "-" + row);
    const isBox = (element) =>
      element instanceof HTMLInputElement && byValue.get(element.value) === element;

    function setChecked(box, checked) {
      if (box.checked === checked) { return; }
      box.checked = checked;
      box.dispatchEvent(new Event("change", { bubbles: true }));
    }

    // Fills every cell between two, so a fast drag or a long key jump leaves no gaps.
    function paintLine(from, to, checked) {
      const [d0, r0] = coords(from);
      const [d1, r1] = coords(to);
      const steps = Math.max(Math.abs(d1 - d0), Math.abs(r1 - r0));
      for (let step = 1; step <= steps; step += 1) {
        const day = Math.round(d0 + ((d1 - d0) * step) / steps);
        const row = Math.round(r0 + ((r1 - r0) * step) / steps);
        setChecked(cellAt(day, row), checked);
      }
    }

    setUpSummary(grid, boxes);
    setUpRovingFocus(grid, boxes, cellAt, isBox);
    setUpKeyboard(grid, cellAt, isBox, paintLine);
    setUpPointer(grid, isBox, setChecked, paintLine);
    setUpButtons(grid, boxes, setChecked);
    reveal(grid, "[data-availability-hint]");
  }

  function reveal(grid, selector) {
    const element = grid.querySelector(selector);
    if (element) { element.hidden = false; }
    return element;
  }

  function setUpSummary(grid, boxes) {
    const summary = reveal(grid, "[data-availability-summary]");
    if (!summary) { return; }
    const template = grid.dataset.summaryTemplate || "%(hours)s";
    const numbers = new Intl.NumberFormat(document.documentElement.lang || undefined);
    let timer = 0;
    const show = () => {
      const cells = boxes.filter((box) => box.checked).length;
      summary.textContent = template.replace("%(hours)s", numbers.format(cells / 2));
    };
    // The region is aria-live: announce once a stroke settles, not once per cell.
    grid.addEventListener("change", () => {
      clearTimeout(timer);
      timer = setTimeout(show, 400);
    });
    if (boxes[0].form) {
      boxes[0].form.addEventListener("reset", () => setTimeout(show, 0));
    }
    show();
  }

  // Roving tabindex: the grid is one Tab stop, and the arrow keys move inside it.
  function setUpRovingFocus(grid, boxes, cellAt, isBox) {
    let active = boxes.find((box) => box.checked) || cellAt(0, 18) || boxes[0];
    boxes.forEach((box) => { box.tabIndex = -1; });
    active.tabIndex = 0;
    grid.addEventListener("focusin", (event) => {
      if (!isBox(event.target)) { return; }
      active.tabIndex = -1;
      active = event.target;
      active.tabIndex = 0;
    });
  }

  function setUpKeyboard(grid, cellAt, isBox, paintLine) {
    let carried = null; // the state Shift+arrows copies from the cell where they began
    grid.addEventListener("keydown", (event) => {
      const box = event.target;
      if (!isBox(box)) { return; }
      if (event.key === "Shift" || !event.shiftKey) { carried = null; }
      if (event.key === "Enter") {
        // Enter on a checkbox would submit the whole form; here it toggles, like Space.
        event.preventDefault();
        box.click();
        return;
      }
      const move = MOVES[event.key];
      if (!move || event.altKey || event.ctrlKey || event.metaKey) { return; }
      event.preventDefault();
      const [day, row] = coords(box);
      const next = cellAt(clamp(day + move[0], 0, DAYS - 1), clamp(row + move[1], 0, ROWS - 1));
      if (event.shiftKey) {
        if (carried === null) { carried = box.checked; }
        paintLine(box, next, carried);
      }
      next.focus();
    });
  }

  function setUpPointer(grid, isBox, setChecked, paintLine) {
    let stroke = null; // { pointerId, checked, last }
    // The click that follows a stroke must not toggle its first cell back.
    let swallowClick = false;

    // Touch pointers are captured by the cell they went down on, so the cell under
    // the finger is found by position rather than by the event's target.
    function boxAt(x, y) {
      const element = document.elementFromPoint(x, y);
      const cell = element && element.closest("td");
      const box = cell && cell.querySelector("input[type=checkbox]");
      return box && isBox(box) && grid.contains(box) ? box : null;
    }

    grid.addEventListener("pointerdown", (event) => {
      swallowClick = false;
      if (!event.isPrimary || event.button !== 0) { return; }
      // A finger or a pen scrolls the page unless painting has been switched on.
      if (event.pointerType !== "mouse" && !grid.classList.contains("is-painting")) { return; }
      const box = boxAt(event.clientX, event.clientY);
      if (!box) { return; }
      event.preventDefault(); // no text selection while dragging
      // The first cell decides whether this stroke paints or erases.
      stroke = { pointerId: event.pointerId, checked: !box.checked, last: box };
      setChecked(box, stroke.checked);
      swallowClick = true;
      box.focus({ preventScroll: true });
    });

    document.addEventListener("pointermove", (event) => {
      if (!stroke || event.pointerId !== stroke.pointerId) { return; }
      const box = boxAt(event.clientX, event.clientY);
      if (!box || box === stroke.last) { return; }
      paintLine(stroke.last, box, stroke.checked);
      stroke.last = box;
    });

    const endStroke = (event) => {
      if (stroke && event.pointerId === stroke.pointerId) { stroke = null; }
    };
    document.addEventListener("pointerup", endStroke);
    document.addEventListener("pointercancel", endStroke);

    // Keyboard clicks (Space, Enter) have detail 0 and are never swallowed.
    grid.addEventListener("click", (event) => {
      if (swallowClick && event.detail !== 0) { event.preventDefault(); }
      swallowClick = false;
    }, true);
  }

  function setUpButtons(grid, boxes, setChecked) {
    const clear = reveal(grid, "[data-availability-clear]");
    if (clear) {
      clear.addEventListener("click", () => boxes.forEach((box) => setChecked(box, false)));
    }
    // Painting with a finger needs touch-action: none, which also stops the page from
    // scrolling under the grid; so on touch screens it is a mode the person switches.
    const paint = grid.querySelector("[data-availability-paint]");
    if (!paint || !window.matchMedia("(any-pointer: coarse)").matches) { return; }
    paint.hidden = false;
    paint.addEventListener("click", () => {
      const painting = grid.classList.toggle("is-painting");
      paint.setAttribute("aria-pressed", String(painting));
    });
  }

  document.querySelectorAll("[data-availability-grid]").forEach(enhance);
})();
