// Dept viewer: the overview (issue #15): the condensation of the whole graph, one node per strongly connected
// component, cycles (components of more than one class, or a class waiting on itself) highlighted. Above the node
// budget, acyclic classes are grouped by namespace prefix so a 5,000-class graph is still one readable picture.
"use strict";

const DeptOverview = (() => {
  // Tarjan's algorithm, iterative (a 5,000-class chain would overflow a recursive one).
  function components(model) {
    const n = model.classes.length;
    const index = new Int32Array(n).fill(-1), low = new Int32Array(n), comp = new Int32Array(n).fill(-1);
    const onStack = new Uint8Array(n), stack = [];
    let next = 0, count = 0;
    for (let root = 0; root < n; root++) {
      if (index[root] >= 0) continue;
      const work = [[root, 0]];
      index[root] = low[root] = next++; stack.push(root); onStack[root] = 1;
      while (work.length) {
        const top = work[work.length - 1];
        const v = top[0], out = model.out[v];
        if (top[1] < out.length) {
          const w = out[top[1]++].to;
          if (index[w] < 0) {
            index[w] = low[w] = next++; stack.push(w); onStack[w] = 1;
            work.push([w, 0]);
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        work.pop();
        if (work.length) { const u = work[work.length - 1][0]; low[u] = Math.min(low[u], low[v]); }
        if (low[v] === index[v]) {
          let w;
          do { w = stack.pop(); onStack[w] = 0; comp[w] = count; } while (w !== v);
          count++;
        }
      }
    }
    const members = Array.from({ length: count }, () => []);
    for (let v = 0; v < n; v++) members[comp[v]].push(v);
    const cyclic = members.map(m => m.length > 1 || model.out[m[0]].some(e => e.to === m[0]));
    return { comp, members, cyclic };
  }

  function prefix(ns, depth) {
    if (!ns) return "(no namespace)";
    return ns.split(".").slice(0, depth).join(".");
  }

  // Groups: cyclic components stay whole; the rest by namespace prefix, as deep as the budget allows.
  function group(model, scc, budget, startDepth) {
    const cyclicCount = scc.cyclic.filter(Boolean).length;
    if (scc.members.length <= budget && !startDepth) return { keyOf: c => "c" + c, grouped: false };
    let maxDepth = 1;
    for (const c of model.classes) if (c.namespace) maxDepth = Math.max(maxDepth, c.namespace.split(".").length);
    for (let depth = Math.min(maxDepth, startDepth || maxDepth); depth >= 1; depth--) {
      const keys = new Set();
      scc.members.forEach((m, c) => keys.add(scc.cyclic[c] ? "c" + c : "n:" + prefix(model.classes[m[0]].namespace, depth)));
      if (keys.size <= budget || depth === 1) {
        if (keys.size <= budget) return { keyOf: c => (scc.cyclic[c] ? "c" + c : "n:" + prefix(model.classes[scc.members[c][0]].namespace, depth)), grouped: true, depth };
        // Still too many at the top level: the largest groups, the rest as "other".
        const sizes = new Map();
        scc.members.forEach((m, c) => { if (!scc.cyclic[c]) { const k = "n:" + prefix(model.classes[m[0]].namespace, 1); sizes.set(k, (sizes.get(k) || 0) + 1); } });
        const keep = new Set([...sizes.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.max(1, budget - cyclicCount - 1)).map(x => x[0]));
        return { keyOf: c => { if (scc.cyclic[c]) return "c" + c; const k = "n:" + prefix(model.classes[scc.members[c][0]].namespace, 1); return keep.has(k) ? k : "n:(other)"; }, grouped: true, depth: 1 };
      }
    }
    return { keyOf: c => "c" + c, grouped: false };
  }

  // The overview scene: nodes [{key, kind: "class"|"scc"|"group", members, cyclic}], edges [{from, to, count}].
  // `depth` (optional) caps the namespace depth of the groups: the page lowers it while the drawing is too wide.
  function build(model, budget, depth) {
    const scc = components(model);
    const { keyOf, grouped, depth: used } = group(model, scc, budget, depth);
    const nodes = new Map();
    scc.members.forEach((m, c) => {
      const key = keyOf(c);
      if (!nodes.has(key)) {
        const kind = scc.cyclic[c] ? "scc" : key.startsWith("n:") ? "group" : "class";
        nodes.set(key, { key, kind, members: [], cyclic: scc.cyclic[c], name: key.startsWith("n:") ? key.slice(2) : "" });
      }
      nodes.get(key).members.push(...m);
    });
    const edges = new Map();
    model.edges.forEach(e => {
      const a = keyOf(scc.comp[e.from]), b = keyOf(scc.comp[e.to]);
      if (a === b) return;
      const k = a + ">" + b;
      if (!edges.has(k)) edges.set(k, { from: a, to: b, count: 0 });
      edges.get(k).count++;
    });
    return { nodes: [...nodes.values()], edges: [...edges.values()], components: scc.members.length, cycles: scc.cyclic.filter(Boolean).length, grouped, depth: used || 0 };
  }

  return { build, components };
})();
