// Dept viewer: small hand-written layouts (no npm, no CDN; see docs/how-to/use-the-viewer.md). The page only ever
// draws small subgraphs: a cycle (circle layout) or one class's neighbourhood (layered layout), never the whole graph.
"use strict";

const DeptLayout = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const ROW = 30, NODE_H = 22, GAP_X = 70, MAX_LABEL = 42;

  function label(name) {
    return name.length <= MAX_LABEL ? name : "…" + name.slice(name.length - MAX_LABEL + 1);
  }

  function width(text) { return Math.round(text.length * 6.7) + 14; }

  // nodes: [{id, name, column, classes}]; columns are signed integers (what depends on the center is to the left,
  // what it depends on to the right). Rows are ordered by the mean row of neighbours in the previous column.
  function layered(nodes, edges) {
    const byCol = new Map();
    for (const n of nodes) {
      n.text = label(n.name);
      n.w = width(n.text);
      n.h = NODE_H;
      if (!byCol.has(n.column)) byCol.set(n.column, []);
      byCol.get(n.column).push(n);
    }
    const cols = [...byCol.keys()].sort((a, b) => a - b);
    const pos = new Map(nodes.map(n => [n.id, n]));
    const neighbours = new Map(nodes.map(n => [n.id, []]));
    for (const e of edges) {
      if (pos.has(e.from) && pos.has(e.to)) { neighbours.get(e.from).push(e.to); neighbours.get(e.to).push(e.from); }
    }
    // Order outward from column 0 so each column is sorted against one already placed.
    const order = [...cols].sort((a, b) => Math.abs(a) - Math.abs(b));
    const placed = new Set();
    for (const c of order) {
      const list = byCol.get(c);
      for (const n of list) {
        const ys = neighbours.get(n.id).filter(id => placed.has(id)).map(id => pos.get(id).row);
        n.key = ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : Number.MAX_SAFE_INTEGER;
      }
      list.sort((a, b) => a.key - b.key || a.name.localeCompare(b.name));
      list.forEach((n, i) => { n.row = i; placed.add(n.id); });
    }
    const tallest = Math.max(...cols.map(c => byCol.get(c).length));
    let x = 10;
    for (const c of cols) {
      const list = byCol.get(c);
      const colW = Math.max(...list.map(n => n.w));
      const offset = (tallest - list.length) * ROW / 2;
      for (const n of list) { n.x = x + (colW - n.w) / 2; n.y = 10 + offset + n.row * ROW; }
      x += colW + GAP_X;
    }
    return { width: x - GAP_X + 20, height: tallest * ROW + 20 };
  }

  // Nodes evenly on a circle, clockwise in cycle order.
  function circle(nodes) {
    nodes.forEach(n => { n.text = label(n.name); n.w = width(n.text); n.h = NODE_H; });
    const maxW = Math.max(...nodes.map(n => n.w));
    const r = nodes.length === 1 ? 0 : Math.max(40, nodes.length * (NODE_H + 14) / Math.PI);
    const cx = r + maxW / 2 + 10, cy = r + NODE_H + 10;
    nodes.forEach((n, i) => {
      const a = -Math.PI / 2 + 2 * Math.PI * i / nodes.length;
      n.x = cx + r * Math.cos(a) - n.w / 2;
      n.y = cy + r * Math.sin(a) - n.h / 2;
    });
    return { width: 2 * cx, height: 2 * cy + (nodes.length === 1 ? 30 : 0) };
  }

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function markers(svg) {
    const defs = el("defs", {}, svg);
    for (const [id, color] of [["arrow", "#999"], ["arrow-red", "#c00000"]]) {
      const m = el("marker", { id, viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, m);
    }
  }

  // Path from the side of `a` facing `b`; self-loops and same-column edges bow outwards.
  function edgePath(a, b) {
    if (a === b) {
      const x = a.x + a.w, y = a.y + a.h / 2;
      return `M${x},${y - 5} C${x + 30},${y - 25} ${x + 30},${y + 25} ${x},${y + 5}`;
    }
    const ax = a.x + a.w / 2, ay = a.y + a.h / 2, bx = b.x + b.w / 2, by = b.y + b.h / 2;
    if (Math.abs(bx - ax) > (a.w + b.w) / 2) {
      const sx = bx > ax ? a.x + a.w : a.x, tx = bx > ax ? b.x : b.x + b.w;
      const dx = (tx - sx) / 2;
      // Leftward edges run a little lower, so A -> B and B -> A stay two visible arrows.
      const off = bx > ax ? -3 : 5;
      return `M${sx},${ay + off} C${sx + dx},${ay + off} ${tx - dx},${by + off} ${tx},${by + off}`;
    }
    const sy = by > ay ? a.y + a.h : a.y, ty = by > ay ? b.y : b.y + b.h;
    const bow = 40 + Math.abs(by - ay) / 4;
    return `M${ax},${sy} C${ax + bow},${sy} ${bx + bow},${ty} ${bx},${ty}`;
  }

  // Draws nodes and edges into `svg`; `onClick(id)` fires on a node click.
  function render(svg, nodes, edges, size, onClick) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.setAttribute("width", size.width);
    svg.setAttribute("height", size.height);
    svg.setAttribute("viewBox", `0 0 ${size.width} ${size.height}`);
    markers(svg);
    const pos = new Map(nodes.map(n => [n.id, n]));
    for (const e of edges) {
      const a = pos.get(e.from), b = pos.get(e.to);
      if (!a || !b) continue;
      el("path", { d: edgePath(a, b), class: "edge " + (e.classes || "") }, svg);
    }
    for (const n of nodes) {
      const g = el("g", { class: "node " + (n.classes || ""), transform: `translate(${n.x},${n.y})`, "data-class-id": n.id }, svg);
      el("title", {}, g).textContent = n.name;
      el("rect", { width: n.w, height: n.h, rx: 4 }, g);
      const t = el("text", { x: 7, y: 15 }, g);
      t.textContent = n.text;
      if (onClick) g.addEventListener("click", () => onClick(n.id));
    }
  }

  return { layered, circle, render };
})();
