// Tombo dashboard: polls the read-only HTTP API of the same listener; uPlot draws the charts.
"use strict";

const state = { selected: new Set(), range: 86400000, zoom: null, plot: null };
const colors = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"];
const key = s => s.rule + "\u0000" + s.topic + "\u0000" + s.field;

async function api(path) {
  const r = await fetch(path, { cache: "no-store" });
  if (!r.ok) throw new Error(path + ": " + r.status);
  return r.json();
}

function text(id, v) {
  document.getElementById(id).textContent = v === undefined || v === null ? "–" : Math.round(v * 10) / 10;
}

async function refreshStatus() {
  const s = await api("api/status");
  text("clients", s.broker["clients/connected"]);
  text("subscriptions", s.broker["subscriptions/count"]);
  text("received", s.broker["load/messages/received/1min"]);
  text("sent", s.broker["load/messages/sent/1min"]);
  text("dropped", s.broker["publish/messages/dropped"]);
  text("fields", s.recorder.fields);
  text("dead", s.recorder.deadLetters);
}

async function refreshSeries() {
  const list = await api("api/series");
  const box = document.getElementById("series");
  const known = new Set([...box.querySelectorAll("input")].map(i => i.value));
  if (state.selected.size === 0 && list.length > 0) {
    list.slice(0, 3).forEach(s => state.selected.add(key(s)));
  }
  for (const s of list) {
    const k = key(s);
    if (known.has(k)) continue;
    const label = document.createElement("label");
    const input = document.createElement("input");
    input.type = "checkbox";
    input.value = k;
    input.checked = state.selected.has(k);
    input.addEventListener("change", () => {
      input.checked ? state.selected.add(k) : state.selected.delete(k);
      drawChart();
    });
    label.append(input, " " + s.topic + " · " + s.field + (s.rule ? "  (" + s.rule + ")" : ""));
    box.append(label);
  }
  return list;
}

function treeOf(topics) {
  const root = {};
  for (const [topic, last] of Object.entries(topics)) {
    let node = root;
    for (const level of topic.split("/")) node = (node[level] = node[level] || {});
    node["\u0000"] = last;
  }
  return root;
}

function renderTree(node, depth) {
  const frag = document.createDocumentFragment();
  for (const name of Object.keys(node).sort()) {
    if (name === "\u0000") continue;
    const child = node[name];
    const children = Object.keys(child).filter(k => k !== "\u0000");
    const last = child["\u0000"];
    const head = document.createElement(children.length ? "summary" : "div");
    head.textContent = name;
    if (last) {
      const v = document.createElement("span");
      v.className = "value";
      v.textContent = last.payload.length > 80 ? last.payload.slice(0, 80) + "…" : last.payload;
      const c = document.createElement("span");
      c.className = "count";
      c.textContent = "(" + last.count + ")";
      head.append(v, c);
    }
    if (children.length) {
      const d = document.createElement("details");
      d.open = depth < 1;
      d.dataset.path = name;
      d.append(head, renderTree(child, depth + 1));
      frag.append(d);
    } else {
      head.style.marginLeft = "1em";
      frag.append(head);
    }
  }
  return frag;
}

async function refreshTopics() {
  const t = await api("api/topics");
  const box = document.getElementById("topics");
  const open = new Set([...box.querySelectorAll("details[open]")].map(d => d.dataset.path));
  box.replaceChildren(renderTree(treeOf(t.topics), 0));
  box.querySelectorAll("details").forEach(d => { if (open.has(d.dataset.path)) d.open = true; });
}

/** Chooses raw points for short ranges and 1-minute (or coarser) buckets beyond, about 1500 per series. */
function bucketFor(from, to) {
  const span = to - from;
  if (span <= 2 * 3600000) return null;
  const minutes = Math.max(1, Math.ceil(span / 1500 / 60000));
  return minutes >= 60 ? Math.ceil(minutes / 60) + "h" : minutes + "m";
}

async function drawChart() {
  const chosen = [...state.selected].map(k => k.split("\u0000"));
  const now = Date.now();
  let from = state.range === "all" ? 0 : now - state.range, to = now;
  if (state.zoom) [from, to] = state.zoom;
  const bucket = bucketFor(from, to);
  const results = await Promise.all(chosen.map(([rule, topic, field]) => {
    const q = new URLSearchParams({ topic, field, from: String(Math.floor(from)), to: String(Math.ceil(to)) });
    if (bucket) q.set("bucket", bucket);
    return api("api/query?" + q).then(r => r.series.filter(s => s.rule === rule));
  }));
  const series = results.flat();
  const times = new Set();
  const maps = series.map(s => {
    const m = new Map();
    for (const p of (s.points || s.buckets)) {
      const t = p[0] / 1000;
      times.add(t);
      m.set(t, s.points ? (typeof p[1] === "number" ? p[1] : null) : p[4]);
    }
    return m;
  });
  const xs = [...times].sort((a, b) => a - b);
  const data = [xs, ...maps.map(m => xs.map(t => m.has(t) ? m.get(t) : null))];
  // One y scale per field name: pressure near 1,000 would flatten temperature near 20 on a shared axis. Series of the
  // same field (two rooms' temperature) share theirs; axes alternate left and right, each named after its field.
  const fields = [...new Set(series.map(s => s.field))];
  const opts = {
    width: document.getElementById("right").clientWidth - 10,
    height: 420,
    series: [{}, ...series.map((s, i) => ({ label: s.topic + " · " + s.field, stroke: colors[i % colors.length],
      spanGaps: true, width: 1.5, scale: s.field }))],
    scales: Object.fromEntries(fields.map(f => [f, { auto: true }])),
    axes: [{}, ...fields.map((f, i) => ({ scale: f, label: f, side: i % 2 === 0 ? 3 : 1, grid: { show: i === 0 },
      stroke: fields.length > 1 ? colors[series.findIndex(s => s.field === f) % colors.length] : undefined }))],
    cursor: { drag: { x: true, y: false } },
    hooks: { setSelect: [u => {
      if (u.select.width > 5) {
        state.zoom = [u.posToVal(u.select.left, "x") * 1000, u.posToVal(u.select.left + u.select.width, "x") * 1000];
        drawChart();
      }
    }] },
  };
  if (state.plot) state.plot.destroy();
  const box = document.getElementById("chart");
  box.replaceChildren();
  state.plot = new uPlot(opts, data, box);
  box.dataset.points = String(xs.length);
  box.dataset.series = String(series.length);
  box.ondblclick = () => { state.zoom = null; drawChart(); };
  document.getElementById("chart-note").textContent = series.length === 0 ? "no series selected"
    : xs.length + " points" + (bucket ? " (mean per " + bucket + ")" : " (raw)");
}

document.querySelectorAll("#controls button").forEach(b => b.addEventListener("click", () => {
  document.querySelectorAll("#controls button").forEach(x => x.classList.remove("active"));
  b.classList.add("active");
  state.range = b.dataset.range === "all" ? "all" : Number(b.dataset.range);
  state.zoom = null;
  drawChart();
}));

async function tick() {
  try {
    await Promise.all([refreshStatus(), refreshTopics()]);
  } catch (e) {
    console.warn(e);
  }
}

(async () => {
  await refreshSeries();
  await drawChart();
  await tick();
  document.body.dataset.ready = "true";
  setInterval(tick, 2000);
  setInterval(async () => { await refreshSeries(); if (!state.zoom) drawChart(); }, 15000);
})();
