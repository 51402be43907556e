// Dept viewer: reads an engine report document (schema dept.report/2 or /1, docs/reference/json-schema.md) opened with the
// page's file picker, into the page's graph shape (dept.graph/1). Mirrors Sources/DocumentAdapter.cs.
"use strict";

const DeptReportAdapter = (() => {
  const KINDS = {
    deadlock: "Deadlock", aaDeadlock: "AADeadlock", timeoutCircularDependency: "TimeoutCircularDependency", actualDeadlock: "ActualDeadlock",
    unreachableEvent: "UnreachableEvent", neverFiredEvent: "NeverFiredEvent",
  };
  const SCHEMAS = ["dept.report/2", "dept.report/1"];

  function location(l) {
    if (!l) return null;
    const file = l.file ? `${l.file.split(/[\\/]/).pop()}:${l.line}` : null;
    if (!l.member && !file) return "(unknown location)";
    if (!l.member) return file;
    return file ? `${l.member} (${file})` : l.member;
  }

  function namespaceOf(name) {
    const cut = name.search(/[(: <[]/);
    const head = cut < 0 ? name : name.slice(0, cut);
    if (/\.(cs|fs|vb)$/.test(head)) return "";
    const dot = head.lastIndexOf(".");
    return dot <= 0 ? "" : head.slice(0, dot);
  }

  // A .NET TimeSpan as System.Text.Json writes it ("c" format: [-][d.]hh:mm:ss[.fffffff]), in milliseconds.
  function timeSpanMs(text, where) {
    const m = /^(-)?(?:(\d+)\.)?(\d+):(\d+):(\d+)(?:\.(\d{1,7}))?$/.exec(typeof text === "string" ? text : "");
    if (!m) throw new Error(`${where} is not a TimeSpan ("hh:mm:ss.fffffff")`);
    const seconds = ((Number(m[2] || 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60 + Number(m[5]) + Number("0." + (m[6] || "0"));
    return Math.round((m[1] ? -1 : 1) * seconds * 1000);
  }

  function hang(x, i) {
    if (!x || typeof x.thread !== "string" || typeof x.waitingOn !== "string") throw new Error(`hangs[${i}] needs "thread" and "waitingOn"`);
    return { thread: x.thread, waitingOn: x.waitingOn, owner: x.owner || null, waitedMs: x.waited == null ? 0 : timeSpanMs(x.waited, `hangs[${i}].waited`), stack: x.stack || [] };
  }

  function toGraph(doc) {
    if (!SCHEMAS.includes(doc.schema)) throw new Error(`report schema version '${doc.schema}' is not supported; this page reads ${SCHEMAS.join(" and ")}`);
    const docClasses = doc.classes || [];
    const counts = new Map();
    docClasses.forEach(c => counts.set(c.name, (counts.get(c.name) || 0) + 1));
    const byStable = new Map();
    const classes = docClasses.map((c, i) => {
      if (!c.id || !c.name) throw new Error(`classes[${i}] needs a non-empty "id" and "name"`);
      const name = counts.get(c.name) > 1 ? `${c.name}:${c.subId || 0}` : c.name;
      const v = { id: i, name, stableId: c.id, namespace: namespaceOf(name), callSite: !!c.isCallSite, subclass: c.subId || 0, inCycle: false };
      byStable.set(c.id, v);
      return v;
    });
    const edges = (doc.dependencies || []).map((d, i) => {
      const from = byStable.get(d.from), to = byStable.get(d.to);
      if (!from || !to) throw new Error(`dependencies[${i}] refers to an unknown class`);
      const site = p => p && (p.location ? `${p.function} at ${location(p.location)}` : p.function);
      const ctx = d.context || {};
      return { from: from.id, to: to.id, timeout: !!d.timeout, wait: site(ctx.wait) || undefined, event: site(ctx.event) || undefined };
    });
    const point = (tag, p) => ({
      tag, function: p.function, class: (byStable.get(p.classId) || { name: p.className }).name,
      location: location(p.location), stack: p.stack || [], note: p.note,
    });
    const reports = (doc.reports || []).map((r, index) => {
      const kind = KINDS[r.kind] || String(r.kind);
      const unreachable = kind === "UnreachableEvent" || kind === "NeverFiredEvent";
      // An unreachable event has no cycle: it links the classes of its waits and events instead.
      const linked = unreachable
        ? [...new Set(r.contexts.flatMap(c => [c.wait.classId, c.event.classId]).map(id => byStable.get(id)).filter(Boolean).map(c => c.id))]
        : [];
      const cycle = unreachable ? [] : r.contexts.map(c => byStable.get(c.event.classId)).filter(Boolean).map(c => c.id);
      cycle.forEach(id => { classes[id].inCycle = true; });
      return {
        index, kind, fingerprint: r.fingerprint, timeoutBounded: kind === "TimeoutCircularDependency", cycle,
        unreachable, reason: unreachable ? (r.reason || "neverFired") : undefined, classes: linked,
        contexts: r.contexts.map(c => ({ label: "context " + c.name, timeout: !!c.timeout, thread: c.thread, start: point("S", c.start), wait: point("W", c.wait), event: point("E", c.event) })),
        text: "",
      };
    });
    const hangs = (doc.hangs || []).map(hang);
    const info = { source: doc.source || "report file", mode: doc.mode || "potential", revision: 0, live: false, capturedAt: doc.createdAt };
    return { schema: "dept.graph/1", info, classes, edges, reports, hangs, stats: [] };
  }

  return { toGraph };
})();
