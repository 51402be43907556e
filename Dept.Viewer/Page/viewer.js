// Dept viewer: the page. Cycles first (then hangs, when a live attach saw any), then the class list and one class's
// neighbourhood. Data comes from the endpoint's JSON API (polled for live refresh) or from a report file the user
// opens. No innerHTML with data: class names come from user code.
"use strict";

(() => {
  const $ = id => document.getElementById(id);
  const CLASS_LIST_LIMIT = 200, NEIGHBOURS_PER_SIDE = 40, POLL_MS = 2000, OVERVIEW_BUDGET = 120, OVERVIEW_MIN_SCALE = 0.45;
  const token = new URLSearchParams(location.hash.slice(1)).get("token");
  const state = { model: null, selected: null, revision: null, timer: null, fromFile: false };

  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "onclick") e.addEventListener("click", v); else e.setAttribute(k, v);
    }
    for (const c of children) e.append(c);
    return e;
  }

  function status(text, isError) {
    $("status").textContent = text;
    $("status").className = isError ? "error" : "";
  }

  async function api(path) {
    // The endpoint's token (per run unless configured) reaches the page only in the URL fragment, never sent by the
    // browser itself; a page of another site cannot know it, so it cannot read the data (#13).
    const response = await fetch(path, { headers: token ? { "X-Dept-Token": token } : {}, cache: "no-store" });
    if (!response.ok) {
      let message = response.statusText;
      try { message = (await response.json()).error || message; } catch { /* not JSON */ }
      throw new Error(`${path}: ${response.status} ${message}`);
    }
    return response.json();
  }

  function filters() {
    return {
      search: $("search").value.trim(),
      namespace: $("namespace").value.trim(),
      onlyCycles: $("only-cycles").checked,
      timeout: $("timeout").value,
      depth: Number($("depth").value),
    };
  }

  function classButton(c) {
    return h("button", { class: "cls" + (c.inCycle ? " cycle" : ""), "data-class-id": c.id, title: c.name, onclick: () => select({ kind: "class", id: c.id }) },
      (c.callSite ? "<sched> " : "") + c.name);
  }

  function classByName(name) {
    return state.model.byName.get(name);
  }

  function point(p) {
    const cls = classByName(p.class);
    const line = h("div", { class: "pt" }, `[${p.tag}] ${p.function}(`, cls ? classButton(cls) : p.class, ")");
    line.append(h("div", { class: "loc" }, p.location ? "    at " + p.location : "    (N/A)"));
    return h("div", {}, line, ...stack(p.stack));
  }

  // A collapsed stack, or nothing when none was captured.
  function stack(frames) {
    return frames && frames.length ? [h("details", { class: "stack" }, h("summary", {}, `stack (${frames.length} frames)`), h("pre", {}, frames.join("\n")))] : [];
  }

  function renderCycles() {
    const list = $("cycle-list");
    list.replaceChildren();
    const f = filters();
    const reports = DeptModel.filterReports(state.model, f.timeout);
    $("cycle-count").textContent = `(${reports.length} of ${state.model.reports.length})`;
    if (!reports.length) list.append(h("li", { class: "more" }, state.model.reports.length ? "no cycle passes the filters" : "no cycle found"));
    for (const r of reports) {
      const names = r.cycle.map(id => state.model.classes[id].name);
      const head = h("div", { class: "cycle-head" },
        h("span", { class: "kind" + (r.timeoutBounded ? " timeout" : "") }, r.kind), " ",
        h("button", { class: "cls", onclick: () => select({ kind: "cycle", index: r.index }) }, names.concat(names[0]).join(" → ")));
      const item = h("li", { class: "cycle-item", "data-report-index": r.index, "data-fingerprint": r.fingerprint }, head);
      for (const ctx of r.contexts) {
        // DEPT's ">8 timeout" line: the wait gives up, so this context's event is only delayed.
        const cut = ctx.timeout ? [h("div", { class: "pt timeout-cut" }, "--------------- >8 timeout ---------------")] : [];
        item.append(h("div", { class: "ctx" }, h("div", { class: "label" }, ctx.label), point(ctx.start), point(ctx.wait), ...cut, point(ctx.event)));
      }
      list.append(item);
    }
  }

  // Unreachable events (a wait whose event can no longer fire) and never-fired warnings: no cycle to draw, so each
  // item shows its [W]/[E] pairs, the reason and the [E] note, with every class a link to its neighbourhood.
  function renderUnreachable() {
    const reports = DeptModel.unreachableReports(state.model);
    const list = $("unreachable-list");
    list.replaceChildren();
    $("unreachable").hidden = !reports.length;
    $("unreachable-count").textContent = `(${reports.length})`;
    for (const r of reports) {
      const warning = r.kind === "NeverFiredEvent";
      const classes = (r.classes || []).map(id => state.model.classes[id]).filter(Boolean);
      const head = h("div", { class: "cycle-head" },
        h("span", { class: "kind" + (warning ? " timeout" : "") }, warning ? "NEVER FIRED" : "UNREACHABLE"), ` ${r.reason || ""} `,
        ...classes.map(classButton));
      const item = h("li", { class: "cycle-item unreachable-item", "data-report-index": r.index, "data-fingerprint": r.fingerprint }, head);
      for (const ctx of r.contexts) {
        const cut = ctx.timeout ? [h("div", { class: "pt timeout-cut" }, "--------------- >8 timeout ---------------")] : [];
        const note = ctx.event.note ? [h("div", { class: "loc" }, "    " + ctx.event.note)] : [];
        item.append(h("div", { class: "ctx" }, h("div", { class: "label" }, ctx.label + (ctx.thread ? ` · ${ctx.thread}` : "")), point(ctx.wait), ...cut, point(ctx.event), ...note));
      }
      list.append(item);
    }
  }

  // Same wording as the console's LiveTextRenderer.Duration: "350 ms", "6.0 s".
  function duration(ms) {
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
  }

  // Hangs are long waits in no cycle (live attach only): threads and instances, not classes, so nothing to click.
  // Hidden for instrumentation runs, which cannot see them; "none seen" for an attach that saw none.
  function renderHangs() {
    const hangs = state.model.hangs;
    const list = $("hang-list");
    list.replaceChildren();
    $("hangs").hidden = !hangs.length && state.model.info.mode !== "actual";
    $("hang-count").textContent = `(${hangs.length})`;
    if (!hangs.length) list.append(h("li", { class: "more" }, "no hang seen"));
    for (const x of hangs) {
      list.append(h("li", { class: "hang-item" },
        h("div", { class: "hang-head" }, h("span", { class: "kind" }, "HANG"), ` ${x.thread} · waited ${duration(x.waitedMs)}`),
        h("div", { class: "pt" }, "waits on: " + x.waitingOn),
        h("div", { class: "pt" }, "owner: " + (x.owner || "unknown")),
        ...stack(x.stack)));
    }
  }

  function renderClasses() {
    const f = filters();
    const { total, items } = DeptModel.queryClasses(state.model, f, CLASS_LIST_LIMIT);
    $("class-count").textContent = `(${total} of ${state.model.classes.length})`;
    const list = $("class-list");
    list.replaceChildren(...items.map(c => h("li", {}, classButton(c))));
    if (total > items.length) list.append(h("li", { class: "more" }, `${total - items.length} more: refine the search`));
  }

  function ring(listId, entries, truncated) {
    const list = $(listId);
    list.replaceChildren(...entries.map(x => h("li", {}, classButton(x.cls), x.depth > 1 ? ` (depth ${x.depth})` : "")));
    if (!entries.length) list.append(h("li", { class: "more" }, "nothing"));
    if (truncated) list.append(h("li", { class: "more" }, "limit reached: lower the depth"));
  }

  function edgeTitle(e) {
    const m = state.model;
    return [`${m.classes[e.from].name} → ${m.classes[e.to].name}`, e.wait ? "wait: " + e.wait : null, e.event ? "event: " + e.event : null,
      e.timeout ? "timeout-bounded" : null].filter(Boolean).join("\n");
  }

  function classNode(c, extra) {
    return { id: c.id, name: (c.callSite ? "<sched> " : "") + c.name, title: c.name, classes: (extra || "") + (c.inCycle ? " cycle" : ""), data: { classId: c.id } };
  }

  function edgeOf(e) {
    return { from: e.from, to: e.to, title: edgeTitle(e), classes: (e.timeout ? "timeout " : "") + (state.model.cycleEdges.has(e.from + ">" + e.to) ? "cycle" : "") };
  }

  function setTitle(text, classId) {
    $("detail-title").textContent = text;
    if (classId === undefined) delete $("detail-title").dataset.classId; else $("detail-title").dataset.classId = classId;
  }

  function showClass(id) {
    const f = filters();
    const n = DeptModel.neighbourhood(state.model, id, f.depth, NEIGHBOURS_PER_SIDE, f.timeout);
    setTitle(n.center.name, id);
    const nodes = [classNode(n.center, "center")];
    const seen = new Set([id]);
    for (const x of [...n.dependsOn, ...n.dependedOnBy]) {
      if (!seen.has(x.cls.id)) { seen.add(x.cls.id); nodes.push(classNode(x.cls)); }
    }
    DeptGraphView.draw($("graph"), "layered", nodes, n.edges.map(edgeOf), node => select({ kind: "class", id: node.id }));
    ring("depends-on", n.dependsOn, n.truncated);
    ring("depended-on-by", n.dependedOnBy, n.truncated);
  }

  // "[S] Monitor.Enter  Worker.cs:30": the ring's edge labels stay short (the full lines are in the list and the tooltip).
  function pointLine(p) {
    const where = p.location ? (/\(([^()]+)\)$/.exec(p.location) || [null, p.location])[1] : "";
    return `[${p.tag}] ${p.function}` + (where ? "  " + where : "");
  }

  function pointFull(p) {
    return `[${p.tag}] ${p.function}(${p.class})` + (p.location ? " at " + p.location : "");
  }

  // The cycle as a ring: edge i is context i (its event class waits on the next class), labelled with its thread and
  // its [S], [W] and [E] lines.
  function showCycle(index) {
    const r = state.model.reports[index];
    setTitle(`${r.kind}: cycle of ${r.cycle.length}`);
    const nodes = r.cycle.map(id => classNode(state.model.classes[id]));
    const edges = r.cycle.map((id, i) => {
      const to = r.cycle[(i + 1) % r.cycle.length];
      const ctx = r.contexts[i];
      const lines = ctx ? [ctx.label + (ctx.thread ? " · " + ctx.thread : "") + (ctx.timeout ? " · timeout" : ""), pointLine(ctx.start), pointLine(ctx.wait), pointLine(ctx.event)] : null;
      const title = ctx ? [lines[0], pointFull(ctx.start), pointFull(ctx.wait), pointFull(ctx.event)].join("\n") : "";
      return { from: id, to, classes: "cycle", lines, title };
    });
    DeptGraphView.draw($("graph"), "ring", nodes, edges, node => select({ kind: "class", id: node.id }));
    const entries = r.cycle.map(id => ({ cls: state.model.classes[id], depth: 1 }));
    ring("depends-on", entries, false);
    $("depended-on-by").replaceChildren(h("li", { class: "more" }, "each class depends on the next, the last on the first"));
  }

  // The whole graph's condensation (overview.js), at most OVERVIEW_BUDGET nodes. Acyclic classes are grouped by
  // namespace, more coarsely while the drawing would have to shrink below a readable scale to fit the box.
  function showOverview() {
    let depth;
    for (;;) {
      const o = DeptOverview.build(state.model, OVERVIEW_BUDGET, depth);
      drawOverview(o);
      if (!o.grouped || o.depth <= 1 || Number($("graph").dataset.scale) >= OVERVIEW_MIN_SCALE) return;
      depth = o.depth - 1;
    }
  }

  function drawOverview(o) {
    setTitle(`Overview: ${o.components} components, ${o.cycles} with cycles` + (o.grouped ? " (acyclic classes grouped by namespace)" : ""));
    const keyId = new Map(o.nodes.map((n, i) => [n.key, i]));
    const nodes = o.nodes.map((n, i) => {
      const first = state.model.classes[n.members[0]];
      const name = n.kind === "class" ? first.name
        : n.kind === "scc" ? `⟳ ${n.members.length === 1 ? first.name : `${n.members.length} classes: ${first.name}, …`}`
          : `${n.name}.* (${n.members.length})`;
      return { id: i, name, title: n.members.slice(0, 20).map(m => state.model.classes[m].name).join("\n") + (n.members.length > 20 ? "\n…" : ""),
        classes: n.kind + (n.cyclic ? " cycle" : ""), data: { component: n.key, members: n.members.length }, source: n };
    });
    const edges = o.edges.map(e => ({ from: keyId.get(e.from), to: keyId.get(e.to), title: `${e.count} dependenc${e.count === 1 ? "y" : "ies"}`, classes: "" }));
    DeptGraphView.draw($("graph"), "layered", nodes, edges, node => {
      const n = node.source;
      if (n.kind === "class") select({ kind: "class", id: n.members[0] });
      else if (n.kind === "scc") select({ kind: "component", members: n.members });
      else { $("namespace").value = n.name === "(no namespace)" || n.name === "(other)" ? "" : n.name; renderClasses(); }
    });
    $("depends-on").replaceChildren(h("li", { class: "more" }, "click a component to see its classes"));
    $("depended-on-by").replaceChildren(h("li", { class: "more" }, "red: strongly connected (holds a cycle)"));
  }

  // One strongly connected component: its classes and the dependencies between them.
  function showComponent(members) {
    const shown = members.slice(0, OVERVIEW_BUDGET);
    const inside = new Set(shown);
    setTitle(`Strongly connected component of ${members.length} classes` + (shown.length < members.length ? ` (first ${shown.length})` : ""));
    const edges = [];
    for (const id of shown) for (const e of state.model.out[id]) if (inside.has(e.to)) edges.push(edgeOf(e));
    DeptGraphView.draw($("graph"), "layered", shown.map(id => classNode(state.model.classes[id])), edges, node => select({ kind: "class", id: node.id }));
    ring("depends-on", shown.map(id => ({ cls: state.model.classes[id], depth: 1 })), shown.length < members.length);
    $("depended-on-by").replaceChildren(h("li", { class: "more" }, "every class here reaches every other"));
  }

  function select(sel) {
    state.selected = sel;
    if (sel && sel.kind === "class" && state.model.classes[sel.id]) showClass(sel.id);
    else if (sel && sel.kind === "cycle" && state.model.reports[sel.index]) showCycle(sel.index);
    else if (sel && sel.kind === "overview") showOverview();
    else if (sel && sel.kind === "component") showComponent(sel.members.filter(id => state.model.classes[id]));
  }

  function show(model, source) {
    state.model = model;
    $("source").textContent = `${source} · ${model.classes.length} classes · ${model.edges.length} dependencies · ${model.reports.length} reports` +
      (model.hangs.length ? ` · ${model.hangs.length} hangs` : "");
    renderCycles();
    renderUnreachable();
    renderHangs();
    renderClasses();
    if (state.selected) select(state.selected);
    else if (model.reports.length) select({ kind: "cycle", index: DeptModel.filterReports(model, "all")[0].index });
    else if (model.classes.length) select({ kind: "overview" });
    document.body.dataset.ready = "true";
  }

  async function loadFromServer() {
    const doc = await api("api/graph");
    state.revision = doc.info.revision;
    show(DeptModel.load(doc), doc.info.source);
    status(`updated ${new Date().toLocaleTimeString()}`);
    return doc;
  }

  async function poll() {
    try {
      const info = await api("api/info");
      if (info.revision !== state.revision) await loadFromServer();
    } catch (e) {
      status(`live refresh failed: ${e.message}`, true);
    }
  }

  function setLive(on) {
    clearInterval(state.timer);
    state.timer = on ? setInterval(poll, POLL_MS) : null;
  }

  function openFile(file) {
    const reader = new FileReader();
    reader.onload = () => {
      try {
        const model = DeptModel.load(JSON.parse(reader.result));
        state.fromFile = true;
        state.selected = null;
        $("live").checked = false;
        setLive(false);
        show(model, file.name);
        status(`opened ${file.name}`);
      } catch (e) {
        status(`${file.name}: ${e.message}`, true);
      }
    };
    reader.onerror = () => status(`${file.name}: ${reader.error}`, true);
    reader.readAsText(file);
  }

  function wire() {
    for (const id of ["search", "namespace"]) $(id).addEventListener("input", () => state.model && renderClasses());
    for (const id of ["only-cycles", "timeout"]) $(id).addEventListener("change", () => { if (state.model) { renderCycles(); renderClasses(); select(state.selected); } });
    $("depth").addEventListener("change", () => state.model && select(state.selected));
    $("live").addEventListener("change", e => setLive(e.target.checked));
    $("file").addEventListener("change", e => e.target.files[0] && openFile(e.target.files[0]));
    $("show-overview").addEventListener("click", () => state.model && select({ kind: "overview" }));
    $("zoom-fit").addEventListener("click", () => DeptGraphView.fit($("graph")));
    $("zoom-in").addEventListener("click", () => DeptGraphView.zoom($("graph"), 1.25));
    $("zoom-out").addEventListener("click", () => DeptGraphView.zoom($("graph"), 0.8));
  }

  wire();
  loadFromServer()
    .then(doc => { if (doc.info.live || doc.info.mode === "live") { $("live").checked = true; setLive(true); } })
    .catch(e => status(`could not load the graph: ${e.message}`, true));
})();
