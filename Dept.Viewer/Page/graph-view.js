// Dept viewer: drawing (issue #15). Layered drawings use dagre (vendored in dagre.min.js: no npm at run time, no
// CDN); a reported cycle is drawn as a ring with its contexts' [S]/[W]/[E] lines on the edges. Every drawing is fitted
// to the box (the box's height follows the content), then can be panned (drag) and zoomed (wheel, + / - / fit).
"use strict";

const DeptGraphView = (() => {
  const SVG = "http://www.w3.org/2000/svg";
  const NODE_H = 24, PAD = 8, MAX_LABEL = 64, MAX_HEIGHT = 0.62, MIN_HEIGHT = 120, LINE = 15;

  function el(name, attrs, parent) {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    if (parent) parent.appendChild(e);
    return e;
  }

  function label(name) {
    return name.length <= MAX_LABEL ? name : "…" + name.slice(name.length - MAX_LABEL + 1);
  }

  function markers(svg) {
    const defs = el("defs", {}, svg);
    for (const [id, color] of [["arrow", "#999"], ["arrow-red", "#c00000"]]) {
      const m = el("marker", { id, viewBox: "0 0 10 10", refX: "10", refY: "5", markerWidth: "7", markerHeight: "7", orient: "auto-start-reverse" }, defs);
      el("path", { d: "M0,0 L10,5 L0,10 z", fill: color }, m);
    }
  }

  // Node groups are created first so each box can be sized to its measured text.
  function createNodes(viewport, nodes, onClick) {
    for (const n of nodes) {
      const g = el("g", { class: "node " + (n.classes || "") }, viewport);
      for (const [k, v] of Object.entries(n.data || {})) g.dataset[k] = v;
      el("title", {}, g).textContent = n.title || n.name;
      const rect = el("rect", { height: NODE_H, rx: 4 }, g);
      const text = el("text", { x: PAD, y: 16 }, g);
      text.textContent = label(n.name);
      n.w = Math.ceil(text.getComputedTextLength()) + 2 * PAD;
      n.h = NODE_H;
      rect.setAttribute("width", n.w);
      n.g = g;
      if (onClick) g.addEventListener("click", () => onClick(n));
    }
  }

  function placeNodes(nodes) {
    for (const n of nodes) n.g.setAttribute("transform", `translate(${n.x},${n.y})`);
  }

  // A smooth curve through the points: quadratic pieces between midpoints.
  function curve(points) {
    if (points.length === 2) return `M${points[0].x},${points[0].y} L${points[1].x},${points[1].y}`;
    let d = `M${points[0].x},${points[0].y}`;
    for (let i = 1; i < points.length - 1; i++) {
      const mx = (points[i].x + points[i + 1].x) / 2, my = (points[i].y + points[i + 1].y) / 2;
      d += ` Q${points[i].x},${points[i].y} ${i === points.length - 2 ? points[i + 1].x : mx},${i === points.length - 2 ? points[i + 1].y : my}`;
    }
    return d;
  }

  function drawEdges(viewport, edges, tip) {
    const layer = el("g", { class: "edges" }, viewport);
    viewport.insertBefore(layer, viewport.firstChild);
    for (const e of edges) {
      const g = el("g", { class: "edge " + (e.classes || ""), "data-from": e.from, "data-to": e.to }, layer);
      const d = e.d || curve(e.points);
      el("path", { class: "hit", d }, g);
      el("path", { class: "line", d }, g);
      if (e.title) {
        el("title", {}, g).textContent = e.title;
        g.addEventListener("mouseenter", ev => tip(e.title, ev));
        g.addEventListener("mousemove", ev => tip(e.title, ev));
        g.addEventListener("mouseleave", () => tip(null));
      }
    }
  }

  // dagre's layered layout, left to right (what depends is left of what it depends on).
  function layered(nodes, edges) {
    const g = new dagre.graphlib.Graph({ multigraph: true });
    g.setGraph({ rankdir: "LR", nodesep: 16, ranksep: 56, edgesep: 24, marginx: 12, marginy: 12 });
    g.setDefaultEdgeLabel(() => ({}));
    for (const n of nodes) g.setNode(String(n.id), { width: n.w, height: n.h });
    edges.forEach((e, i) => g.setEdge(String(e.from), String(e.to), {}, "e" + i));
    dagre.layout(g);
    for (const n of nodes) { const p = g.node(String(n.id)); n.x = p.x - n.w / 2; n.y = p.y - n.h / 2; }
    edges.forEach((e, i) => { e.points = g.edge({ v: String(e.from), w: String(e.to), name: "e" + i }).points; });
    return { width: g.graph().width, height: g.graph().height };
  }

  // Where the line from the box's center towards p leaves the box.
  function exit(n, p) {
    const cx = n.x + n.w / 2, cy = n.y + n.h / 2, dx = p.x - cx, dy = p.y - cy;
    const t = Math.min(dx ? n.w / 2 / Math.abs(dx) : Infinity, dy ? n.h / 2 / Math.abs(dy) : Infinity);
    return { x: cx + dx * t, y: cy + dy * t };
  }

  // The cycle's classes clockwise on a circle; each edge an arc bowed outwards (the two edges of a 2-cycle are two arcs
  // on opposite sides) with its label block (context, thread, [S]/[W]/[E]) beyond the arc.
  function ring(nodes, edges, labelLayer) {
    const n = nodes.length;
    const r = n === 1 ? 0 : Math.max(70, n * (NODE_H + 40) / Math.PI);
    nodes.forEach((node, i) => {
      const a = -Math.PI / 2 + 2 * Math.PI * i / n;
      node.x = r * Math.cos(a) - node.w / 2;
      node.y = r * Math.sin(a) - node.h / 2;
    });
    const texts = [];
    edges.forEach((e, i) => {
      const a = nodes[i], b = nodes[(i + 1) % n];
      let apex, nx, ny;
      if (n === 1) {
        const x = a.x + a.w, y = a.y + a.h / 2;
        apex = { x: x + 40, y }; nx = 1; ny = 0;
        e.d = `M${x},${y - 5} C${x + 50},${y - 30} ${x + 50},${y + 30} ${x},${y + 5}`;
      } else {
        const ax = a.x + a.w / 2, ay = a.y + a.h / 2, bx = b.x + b.w / 2, by = b.y + b.h / 2;
        const len = Math.hypot(bx - ax, by - ay);
        nx = (by - ay) / len; ny = -(bx - ax) / len;
        const bow = Math.max(36, len * 0.3);
        apex = { x: (ax + bx) / 2 + nx * bow, y: (ay + by) / 2 + ny * bow };
        const s = exit(a, apex), t = exit(b, apex);
        const c = { x: 2 * apex.x - (s.x + t.x) / 2, y: 2 * apex.y - (s.y + t.y) / 2 };
        e.d = `M${s.x},${s.y} Q${c.x},${c.y} ${t.x},${t.y}`;
      }
      if (e.lines) {
        const end = nx < -0.2;
        const t = el("text", { class: "ring-label", "text-anchor": end ? "end" : "start" }, labelLayer);
        const x0 = apex.x + nx * 12, y0 = apex.y + ny * 12 - (e.lines.length - 1) * LINE / 2;
        e.lines.forEach((line, k) => {
          const span = el("tspan", { x: x0, y: y0 + k * LINE, class: k === 0 ? "head" : "" }, t);
          span.textContent = line;
        });
        texts.push(t);
      }
    });
    return texts;
  }

  function extent(svg, viewport) {
    const b = viewport.getBBox();
    return { x: b.x - 12, y: b.y - 12, width: b.width + 24, height: b.height + 24 };
  }

  function apply(svg) {
    const v = svg._view;
    svg.querySelector("g.viewport").setAttribute("transform", `translate(${v.tx},${v.ty}) scale(${v.scale})`);
    svg.dataset.scale = v.scale.toFixed(3);
  }

  // Fits the content into the box's width; the box's height follows the content, up to a share of the window.
  function fit(svg) {
    const v = svg._view;
    const boxW = svg.parentElement.clientWidth || 600;
    const maxH = Math.max(MIN_HEIGHT, window.innerHeight * MAX_HEIGHT);
    let scale = Math.min(1, boxW / v.content.width);
    if (v.content.height * scale > maxH) scale = maxH / v.content.height;
    const height = Math.max(Math.min(maxH, v.content.height * scale), 60);
    svg.setAttribute("width", boxW);
    svg.setAttribute("height", Math.ceil(height));
    svg.removeAttribute("viewBox");
    v.scale = scale;
    v.tx = (boxW - v.content.width * scale) / 2 - v.content.x * scale;
    v.ty = (height - v.content.height * scale) / 2 - v.content.y * scale;
    apply(svg);
  }

  function zoom(svg, factor, cx, cy) {
    const v = svg._view;
    if (!v) return;
    const s = Math.min(8, Math.max(0.05, v.scale * factor));
    const f = s / v.scale;
    if (cx === undefined) { cx = svg.clientWidth / 2; cy = svg.clientHeight / 2; }
    v.tx = cx - (cx - v.tx) * f;
    v.ty = cy - (cy - v.ty) * f;
    v.scale = s;
    apply(svg);
  }

  function wirePanZoom(svg) {
    if (svg._wired) return;
    svg._wired = true;
    svg.addEventListener("wheel", ev => {
      ev.preventDefault();
      const r = svg.getBoundingClientRect();
      zoom(svg, Math.pow(1.1, -ev.deltaY / 100), ev.clientX - r.left, ev.clientY - r.top);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", ev => {
      if (ev.target.closest("g.node")) return;
      drag = { x: ev.clientX, y: ev.clientY, tx: svg._view.tx, ty: svg._view.ty };
      svg.setPointerCapture(ev.pointerId);
    });
    svg.addEventListener("pointermove", ev => {
      if (!drag) return;
      svg._view.tx = drag.tx + ev.clientX - drag.x;
      svg._view.ty = drag.ty + ev.clientY - drag.y;
      apply(svg);
    });
    svg.addEventListener("pointerup", () => { drag = null; });
  }

  function tooltip(svg) {
    const box = svg.parentElement;
    let tip = box.querySelector(".edge-tip");
    if (!tip) { tip = document.createElement("div"); tip.className = "edge-tip"; tip.hidden = true; box.appendChild(tip); }
    return (text, ev) => {
      tip.hidden = !text;
      if (!text) return;
      tip.textContent = text;
      const r = box.getBoundingClientRect();
      tip.style.left = `${ev.clientX - r.left + box.scrollLeft + 12}px`;
      tip.style.top = `${ev.clientY - r.top + box.scrollTop + 12}px`;
    };
  }

  // Draws a scene: nodes [{id, name, title, classes, data}], edges [{from, to, classes, title, lines}].
  // kind "ring" draws nodes in order as a cycle (edge i from node i to node i+1); anything else is layered.
  function draw(svg, kind, nodes, edges, onClick) {
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    markers(svg);
    const viewport = el("g", { class: "viewport" }, svg);
    svg.dataset.view = kind;
    createNodes(viewport, nodes, onClick);
    if (kind === "ring") {
      ring(nodes, edges, el("g", { class: "labels" }, viewport));
    } else {
      const byId = new Map(nodes.map(n => [n.id, n]));
      layered(nodes, edges.filter(e => byId.has(e.from) && byId.has(e.to)));
    }
    placeNodes(nodes);
    drawEdges(viewport, edges.filter(e => e.points || e.d), tooltip(svg));
    svg._view = { scale: 1, tx: 0, ty: 0, content: extent(svg, viewport) };
    wirePanZoom(svg);
    fit(svg);
  }

  return { draw, fit, zoom };
})();
