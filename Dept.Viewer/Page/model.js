// Dept viewer: the in-page graph model. Built from the endpoint's /api/graph (schema dept.graph/1) or from a file the
// user opens (dept.graph/1 from `dept export --format json`, or an engine report document dept.report/1).
"use strict";

const DeptModel = (() => {
  // Builds adjacency lists once so neighbourhood walks stay cheap on 5,000-class graphs.
  function fromGraph(doc) {
    if (!doc || typeof doc !== "object") throw new Error("not a JSON object");
    if (doc.schema !== "dept.graph/1") throw new Error(`unsupported schema '${doc.schema}' (expected dept.graph/1 or dept.report/1)`);
    const classes = doc.classes || [];
    const out = classes.map(() => []);
    const inn = classes.map(() => []);
    (doc.edges || []).forEach((e, i) => {
      if (!(e.from in out) || !(e.to in out)) throw new Error(`edge ${i} names an unknown class`);
      out[e.from].push(e);
      inn[e.to].push(e);
    });
    const cycleEdges = new Set();
    for (const r of doc.reports || []) {
      r.cycle.forEach((id, i) => cycleEdges.add(id + ">" + r.cycle[(i + 1) % r.cycle.length]));
    }
    const byName = new Map(classes.map(c => [c.name, c]));
    return { info: doc.info || {}, classes, edges: doc.edges || [], reports: doc.reports || [], hangs: doc.hangs || [], stats: doc.stats || [], out, inn, cycleEdges, byName };
  }

  function load(doc) {
    if (doc && typeof doc.schema === "string" && doc.schema.startsWith("dept.report/")) return fromGraph(DeptReportAdapter.toGraph(doc));
    return fromGraph(doc);
  }

  // The cycles only: unreachable events (no cycle) have their own section.
  function filterReports(model, timeout) {
    return model.reports.filter(r => !r.unreachable && (timeout === "all" || (timeout === "only") === !!r.timeoutBounded));
  }

  // Unreachable events and never-fired warnings (schema dept.report/2), errors first.
  function unreachableReports(model) {
    return model.reports.filter(r => r.unreachable).sort((a, b) => (a.kind === "NeverFiredEvent") - (b.kind === "NeverFiredEvent") || a.index - b.index);
  }

  // Search, namespace prefix and "only cycles"; returns the total and at most `limit` matches (no hairball lists).
  function queryClasses(model, q, limit) {
    let onCycle = null;
    if (q.onlyCycles) {
      onCycle = new Set();
      filterReports(model, q.timeout).forEach(r => r.cycle.forEach(id => onCycle.add(id)));
    }
    const search = (q.search || "").toLowerCase();
    const ns = q.namespace || "";
    const items = [];
    let total = 0;
    for (const c of model.classes) {
      if (onCycle && !onCycle.has(c.id)) continue;
      if (search && !c.name.toLowerCase().includes(search)) continue;
      if (ns && !c.namespace.startsWith(ns)) continue;
      total++;
      if (items.length < limit) items.push(c);
    }
    return { total, items };
  }

  function edgeVisible(e, timeout) {
    return timeout === "all" || (timeout === "only") === !!e.timeout;
  }

  // Breadth-first both ways, `depth` hops, at most `maxNodes` per direction (same rule as GET /api/.../neighbourhood).
  function neighbourhood(model, centerId, depth, maxNodes, timeout) {
    function walk(forward) {
      const seen = new Set([centerId]);
      const result = [];
      let frontier = [centerId];
      let truncated = false;
      for (let d = 1; d <= depth && frontier.length && !truncated; d++) {
        const next = [];
        for (const id of frontier) {
          for (const e of (forward ? model.out[id] : model.inn[id])) {
            if (!edgeVisible(e, timeout)) continue;
            const other = forward ? e.to : e.from;
            if (seen.has(other)) continue;
            seen.add(other);
            if (result.length === maxNodes) { truncated = true; break; }
            result.push({ cls: model.classes[other], depth: d });
            next.push(other);
          }
          if (truncated) break;
        }
        frontier = next;
      }
      return { result, truncated };
    }
    const down = walk(true);
    const up = walk(false);
    const members = new Set([centerId, ...down.result.map(x => x.cls.id), ...up.result.map(x => x.cls.id)]);
    const edges = [];
    for (const id of members) {
      for (const e of model.out[id]) if (members.has(e.to) && edgeVisible(e, timeout)) edges.push(e);
    }
    return { center: model.classes[centerId], dependsOn: down.result, dependedOnBy: up.result, edges, truncated: down.truncated || up.truncated };
  }

  return { load, fromGraph, filterReports, unreachableReports, queryClasses, neighbourhood };
})();
