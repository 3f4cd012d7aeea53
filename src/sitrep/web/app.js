// sitrep web app: one page, no build step. Talks only to the JSON API under /api.
"use strict";

const FILTER_KEYS = ["date_from", "date_to", "country", "admin1", "admin2", "event_type", "sub_event_type",
  "actor", "min_fatalities", "q", "review_status", "bbox"];
const TYPE_COLOURS = {
  "Battles": "#c0392b",
  "Explosions/Remote violence": "#e67e22",
  "Violence against civilians": "#8e44ad",
  "Protests": "#2980b9",
  "Riots": "#16a085",
  "Strategic developments": "#7f8c8d",
};
const OTHER_COLOUR = "#34495e";
const EVENT_FIELDS = ["event_date", "time_precision", "disorder_type", "event_type", "sub_event_type",
  "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2", "interaction",
  "civilian_targeting", "country", "iso3", "admin1", "admin2", "admin3", "location", "latitude",
  "longitude", "geo_precision", "fatalities", "fatalities_low", "fatalities_high", "injuries", "arrested",
  "claimed_by", "notes", "confidence"];
// Evidence is keyed by the field that the extractor read; some stages key a group of fields by one name.
const EVIDENCE_ALIASES = {
  event_type: ["event_type", "sub_event_type", "trigger"], sub_event_type: ["sub_event_type", "event_type"],
  fatalities: ["fatalities", "fatalities_low", "fatalities_high"], location: ["location", "place"],
  admin1: ["admin1", "location"], admin2: ["admin2", "location"], country: ["country", "location"],
  latitude: ["location"], longitude: ["location"], event_date: ["event_date", "date"],
};
const PAGE_SIZE = 50;

const state = {
  sort: "event_date", order: "desc", cursors: [null], page: 0, eventId: null,
  types: [], map: null, cluster: null, brush: null, timelineDays: [],
};

const $ = (sel, root = document) => root.querySelector(sel);
const esc = (v) => String(v ?? "").replace(/[&<>"']/g,
  (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
const colourOf = (type) => TYPE_COLOURS[type] || OTHER_COLOUR;

function token() { return $("#token").value.trim(); }

function showError(message) {
  const box = $("#error");
  box.textContent = message;
  box.hidden = false;
  clearTimeout(showError.timer);
  showError.timer = setTimeout(() => { box.hidden = true; }, 6000);
}

async function api(path, params = null, options = {}) {
  const url = new URL(path, window.location.origin);
  if (params) for (const [k, v] of Object.entries(params)) if (v !== "" && v != null) url.searchParams.set(k, v);
  const headers = Object.assign({}, options.headers || {});
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const response = await fetch(url, Object.assign({}, options, { headers }));
  let body = null;
  try { body = await response.json(); } catch (_) { body = null; }
  if (!response.ok) {
    let detail = body && body.detail;
    if (Array.isArray(detail)) detail = detail.map((d) => `${(d.loc || []).slice(1).join(".")}: ${d.msg}`).join("; ");
    const err = new Error(detail || `${response.status} ${response.statusText}`);
    err.status = response.status;
    throw err;
  }
  return body;
}

// ---- filter state <-> form <-> URL --------------------------------------------------------------
function readForm() {
  const form = $("#filters");
  const filter = {};
  for (const key of FILTER_KEYS) {
    const el = form.elements[key];
    if (el && el.value.trim() !== "") filter[key] = el.value.trim();
  }
  if (!form.elements.in_view.checked) delete filter.bbox;
  return filter;
}

function writeForm(filter) {
  const form = $("#filters");
  for (const key of FILTER_KEYS) if (form.elements[key]) form.elements[key].value = filter[key] || "";
  form.elements.in_view.checked = Boolean(filter.bbox);
}

function readUrl() {
  const params = new URLSearchParams(window.location.search);
  const filter = {};
  for (const key of FILTER_KEYS) if (params.get(key)) filter[key] = params.get(key);
  if (params.get("sort")) state.sort = params.get("sort");
  if (params.get("order")) state.order = params.get("order");
  state.eventId = params.get("event");
  return filter;
}

function writeUrl(filter, push = false) {
  const params = new URLSearchParams(filter);
  if (state.sort !== "event_date" || state.order !== "desc") { params.set("sort", state.sort); params.set("order", state.order); }
  if (state.eventId) params.set("event", state.eventId);
  const url = `${window.location.pathname}${params.toString() ? "?" + params : ""}`;
  if (url === window.location.pathname + window.location.search) return;
  (push ? history.pushState : history.replaceState).call(history, null, "", url);
}

function updateExports(filter) {
  const params = new URLSearchParams(filter).toString();
  $("#export-csv").href = `/api/events.csv${params ? "?" + params : ""}`;
  $("#export-geojson").href = `/api/events.geojson${params ? "?" + params : ""}`;
}

// ---- map ------------------------------------------------------------------------------------------
function initMap() {
  const map = L.map("map", { preferCanvas: true, worldCopyJump: true, minZoom: 2, maxZoom: 18 }).setView([20, 30], 2);
  state.map = map;
  const countries = L.layerGroup().addTo(map);
  const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
    maxZoom: 18, attribution: "© OpenStreetMap contributors",
  });
  L.control.layers({}, { "Country shapes (offline)": countries, "OpenStreetMap tiles (online)": osm },
    { collapsed: true }).addTo(map);
  map.attributionControl.addAttribution("Countries: Natural Earth via world-atlas");
  state.cluster = L.markerClusterGroup({
    chunkedLoading: true, showCoverageOnHover: false, maxClusterRadius: 50,
    iconCreateFunction: clusterIcon,
  });
  state.cluster.on("click", (ev) => openEvent(ev.layer.options.eventId));
  map.addLayer(state.cluster);
  map.on("moveend", () => {
    if ($("#filters").elements.in_view.checked) { setBboxFromMap(); applyFilter(); }
  });
  // The basemap loads alongside the data rather than before it.
  state.basemap = loadBasemap(countries);
}

async function loadBasemap(countries) {
  try {
    const response = await fetch("vendor/world-atlas/countries-50m.json");
    const topo = await response.json();
    const shapes = topojson.feature(topo, topo.objects.countries);
    for (const f of shapes.features) unwrapLongitudes(f.geometry);
    L.geoJSON(shapes, {
      style: { color: "#8a9aa9", weight: 0.6, fillColor: "#f4f1ea", fillOpacity: 1 },
      interactive: false,
    }).addTo(countries);
    document.body.dataset.basemap = String(shapes.features.length);
  } catch (err) {
    showError(`Basemap failed to load: ${err.message}`);
  }
}

// Rings that cross the antimeridian jump from +180 to -180; on a flat map that draws a line across the
// world. Keep each ring continuous instead (Leaflet is happy with longitudes beyond 180).
function unwrapLongitudes(geometry) {
  if (!geometry) return;
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates]
    : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      let prev = ring[0][0];
      for (const point of ring) {
        let x = point[0];
        while (x - prev > 180) x -= 360;
        while (x - prev < -180) x += 360;
        point[0] = x;
        prev = x;
      }
    }
  }
}

function clusterIcon(cluster) {
  const counts = {};
  for (const m of cluster.getAllChildMarkers()) counts[m.options.eventType] = (counts[m.options.eventType] || 0) + 1;
  const top = Object.entries(counts).sort((a, b) => b[1] - a[1])[0][0];
  const n = cluster.getChildCount();
  const size = n < 10 ? 26 : n < 100 ? 32 : n < 1000 ? 38 : 46;
  return L.divIcon({
    html: `<div class="cluster-icon" style="width:${size}px;height:${size}px;background:${colourOf(top)}">${n}</div>`,
    className: "", iconSize: [size, size],
  });
}

function setBboxFromMap() {
  const b = state.map.getBounds();
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const bbox = [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
    clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4));
  $("#filters").elements.bbox.value = bbox.join(",");
}

async function loadPoints(filter) {
  const params = Object.assign({}, filter);
  delete params.bbox;  // the map shows everything that matches; the box only narrows the table and timeline
  const t0 = performance.now();
  const data = await api("/api/points", params);
  const t1 = performance.now();
  state.cluster.clearLayers();
  const markers = data.points.map(([id, lat, lon, typeIndex, fatalities]) => {
    const type = data.event_types[typeIndex];
    const marker = L.circleMarker([lat, lon], {
      radius: 5 + Math.min(8, Math.sqrt(fatalities || 0)), color: "#fff", weight: 1,
      fillColor: colourOf(type), fillOpacity: 0.9, eventType: type, eventId: id,
    });
    return marker;
  });
  const t2 = performance.now();
  state.cluster.addLayers(markers);
  // Timings for bench/api.py: fetching the points, building markers, clustering them.
  window.sitrepTimings = { points_ms: t1 - t0, markers_ms: t2 - t1, cluster_ms: performance.now() - t2 };
  document.body.dataset.points = String(markers.length);
  if (data.truncated) showError(`Map shows the first ${markers.length} of ${data.total} events; narrow the filter.`);
  return markers.length;
}

function renderLegend() {
  $("#legend").innerHTML = Object.entries(TYPE_COLOURS)
    .map(([type, colour]) => `<div><i style="background:${colour}"></i>${esc(type)}</div>`).join("");
}

// ---- timeline with brushing -----------------------------------------------------------------------
function dayRange(first, last) {
  const out = [];
  const d = new Date(`${first}T00:00:00Z`);
  const end = new Date(`${last}T00:00:00Z`);
  while (d <= end && out.length < 20000) { out.push(d.toISOString().slice(0, 10)); d.setUTCDate(d.getUTCDate() + 1); }
  return out;
}

async function loadTimeline(filter) {
  const params = Object.assign({}, filter);
  delete params.date_from;  // the timeline shows the whole span so the brush can widen as well as narrow
  delete params.date_to;
  const stats = await api("/api/stats", params);
  const byDay = new Map(stats.per_day.map((d) => [d.day, d]));
  const days = stats.per_day.length ? dayRange(stats.per_day[0].day, stats.per_day[stats.per_day.length - 1].day) : [];
  state.timelineDays = days.map((day) => byDay.get(day) || { day, events: 0, fatalities: 0 });
  drawTimeline(filter);
  return stats;
}

function drawTimeline(filter) {
  const svg = $("#timeline");
  const width = svg.clientWidth || 800;
  const height = svg.clientHeight || 95;
  const days = state.timelineDays;
  const pad = 18;
  if (!days.length) { svg.innerHTML = `<text x="10" y="40" class="axis">no dated events</text>`; return; }
  const maxEvents = Math.max(1, ...days.map((d) => d.events));
  const maxDead = Math.max(1, ...days.map((d) => d.fatalities));
  const step = (width - 2) / days.length;
  const y = (v, max) => height - pad - (v / max) * (height - pad - 4);
  let bars = "";
  let line = "";
  days.forEach((d, i) => {
    const x = 1 + i * step;
    if (d.events) bars += `<rect class="bar" x="${x}" y="${y(d.events, maxEvents)}" width="${Math.max(1, step - 1)}" height="${height - pad - y(d.events, maxEvents)}"><title>${d.day}: ${d.events} events, ${d.fatalities} fatalities</title></rect>`;
    line += `${i ? "L" : "M"}${(x + step / 2).toFixed(1)},${y(d.fatalities, maxDead).toFixed(1)}`;
  });
  const label = (i, anchor) => `<text class="axis" x="${1 + i * step}" y="${height - 4}" text-anchor="${anchor}">${days[i].day}</text>`;
  let brush = "";
  const from = filter.date_from;
  const to = filter.date_to;
  if (from || to) {
    const i0 = Math.max(0, from ? days.findIndex((d) => d.day >= from) : 0);
    let i1 = to ? days.findIndex((d) => d.day > to) : days.length;
    if (i1 < 0) i1 = days.length;
    brush = `<rect class="brush" x="${1 + i0 * step}" y="2" width="${Math.max(2, (i1 - i0) * step)}" height="${height - pad - 2}"/>`;
  }
  svg.innerHTML = `${bars}<path class="line" d="${line}"/>${brush}${label(0, "start")}${days.length > 1 ? label(days.length - 1, "end") : ""}<rect id="brush-live" class="brush" x="0" y="2" width="0" height="${height - pad - 2}" visibility="hidden"/>`;
  $("#clear-brush").hidden = !(from || to);
}

function initBrush() {
  const svg = $("#timeline");
  let start = null;
  const dayAt = (x) => {
    const days = state.timelineDays;
    const step = (svg.clientWidth - 2) / days.length;
    return days[Math.max(0, Math.min(days.length - 1, Math.floor((x - 1) / step)))].day;
  };
  const localX = (ev) => ev.clientX - svg.getBoundingClientRect().left;
  svg.addEventListener("mousedown", (ev) => { if (state.timelineDays.length) { start = localX(ev); ev.preventDefault(); } });
  window.addEventListener("mousemove", (ev) => {
    if (start === null) return;
    const live = $("#brush-live");
    const x = localX(ev);
    live.setAttribute("x", Math.min(start, x));
    live.setAttribute("width", Math.abs(x - start));
    live.setAttribute("visibility", "visible");
  });
  window.addEventListener("mouseup", (ev) => {
    if (start === null) return;
    const x = localX(ev);
    const a = dayAt(Math.min(start, x));
    const b = dayAt(Math.max(start, x));
    start = null;
    const form = $("#filters");
    form.elements.date_from.value = a;
    form.elements.date_to.value = b;
    applyFilter();
  });
  $("#clear-brush").addEventListener("click", () => {
    const form = $("#filters");
    form.elements.date_from.value = "";
    form.elements.date_to.value = "";
    applyFilter();
  });
}

// ---- table ----------------------------------------------------------------------------------------
async function loadTable(filter) {
  const params = Object.assign({}, filter, { sort: state.sort, order: state.order, limit: PAGE_SIZE });
  const cursor = state.cursors[state.page];
  if (cursor) params.cursor = cursor;
  const data = await api("/api/events", params);
  state.cursors[state.page + 1] = data.next_cursor;
  const rows = data.items.map((e) => `<tr data-id="${esc(e.event_id)}">
      <td>${esc(e.event_date)}</td><td><i style="color:${colourOf(e.event_type)}">●</i> ${esc(e.event_type)}</td>
      <td>${esc(e.sub_event_type)}</td><td>${esc(e.actor1)}</td><td>${esc(e.actor2)}</td><td>${esc(e.country)}</td>
      <td>${esc(e.admin1)}</td><td>${esc(e.location)}</td><td class="num">${esc(e.fatalities)}</td>
      <td><span class="status status-${esc(e.review_status)}">${esc(e.review_status)}</span></td></tr>`);
  $("#events tbody").innerHTML = rows.join("") || `<tr><td colspan="10">No event matches this filter.</td></tr>`;
  for (const th of document.querySelectorAll("#events th")) {
    th.classList.toggle("sorted-asc", th.dataset.sort === state.sort && state.order === "asc");
    th.classList.toggle("sorted-desc", th.dataset.sort === state.sort && state.order === "desc");
  }
  const first = state.page * PAGE_SIZE + (data.items.length ? 1 : 0);
  const total = `${data.total.toLocaleString("en")}${data.total_exact ? "" : "+"}`;
  $("#page-info").textContent = `${first}–${state.page * PAGE_SIZE + data.items.length} of ${total}`;
  $("#prev").disabled = state.page === 0;
  $("#next").disabled = !data.next_cursor;
  $("#summary").textContent = `${total} events`;
  return data;
}

function initTable() {
  for (const th of document.querySelectorAll("#events th")) {
    th.addEventListener("click", () => {
      if (state.sort === th.dataset.sort) state.order = state.order === "asc" ? "desc" : "asc";
      else { state.sort = th.dataset.sort; state.order = th.dataset.sort === "event_date" || th.dataset.sort === "fatalities" ? "desc" : "asc"; }
      state.cursors = [null]; state.page = 0;
      const filter = readForm();
      writeUrl(filter);
      loadTable(filter).catch((e) => showError(e.message));
    });
  }
  $("#events tbody").addEventListener("click", (ev) => {
    const tr = ev.target.closest("tr[data-id]");
    if (tr) openEvent(tr.dataset.id);
  });
  $("#next").addEventListener("click", () => { state.page += 1; loadTable(readForm()).catch((e) => showError(e.message)); });
  $("#prev").addEventListener("click", () => { state.page = Math.max(0, state.page - 1); loadTable(readForm()).catch((e) => showError(e.message)); });
}

// ---- event page -----------------------------------------------------------------------------------
function spansFor(field, evidence) {
  const names = EVIDENCE_ALIASES[field] || [field];
  return evidence.filter((s) => s.field === field)
    .concat(evidence.filter((s) => s.field !== field && names.includes(s.field)));
}

// Evidence spans may overlap; cut the text at every span boundary so each piece knows all its fields.
function highlight(text, spans) {
  const cuts = new Set([0, text.length]);
  for (const s of spans) if (s.start >= 0 && s.end <= text.length && s.start < s.end) { cuts.add(s.start); cuts.add(s.end); }
  const points = [...cuts].sort((a, b) => a - b);
  let html = "";
  for (let i = 0; i < points.length - 1; i++) {
    const a = points[i];
    const b = points[i + 1];
    const fields = [...new Set(spans.filter((s) => s.start <= a && s.end >= b).map((s) => s.field))];
    const piece = esc(text.slice(a, b));
    html += fields.length
      ? `<mark class="evidence" data-fields="${esc(fields.join(" "))}" data-start="${a}" title="${esc(fields.join(", "))}">${piece}</mark>`
      : piece;
  }
  return html;
}

function fieldValue(v) {
  if (v === null || v === undefined || v === "") return `<span class="no-evidence">—</span>`;
  return esc(v);
}

async function openEvent(id, push = true) {
  state.eventId = id;
  writeUrl(readForm(), push);
  const page = $("#event-page");
  if (page.hidden) { page.hidden = false; relayout(); }
  $("#event-body").innerHTML = "Loading…";
  let detail;
  try {
    detail = await api(`/api/events/${encodeURIComponent(id)}`);
  } catch (err) {
    $("#event-body").innerHTML = `<p>Cannot open event ${esc(id)}: ${esc(err.message)}</p>`;
    return;
  }
  const e = detail.event;
  const evidence = detail.evidence || [];
  const articleIds = [...new Set(evidence.map((s) => s.article_id).filter((a) => a != null))];
  const mainArticle = articleIds[0] ?? (detail.sources[0] && detail.sources[0].article_id);
  let article = null;
  if (mainArticle != null) {
    try { article = await api(`/api/articles/${encodeURIComponent(mainArticle)}`); } catch (err) { showError(err.message); }
  }
  const spans = article ? evidence.filter((s) => s.article_id == null || String(s.article_id) === String(article.id)) : [];
  const rows = EVENT_FIELDS.map((f) => {
    const own = spansFor(f, spans);
    return `<tr data-field="${f}" class="${own.length ? "has-evidence" : ""}"><th>${f}</th><td>${fieldValue(e[f])}</td>
      <td>${own.length ? `<a href="#" class="show-evidence" data-field="${f}">${own.length} span${own.length > 1 ? "s" : ""}</a>` : `<span class="no-evidence">${e[f] == null ? "" : "rule"}</span>`}</td></tr>`;
  }).join("");
  const sources = (detail.sources || []).map((s) => `<li>${s.url ? `<a href="${esc(s.url)}" rel="noopener noreferrer" target="_blank">${esc(s.title || s.url)}</a>` : esc(s.title || s.doc_id || s.article_id)}
      ${s.source ? ` — ${esc(s.source)}` : ""}${s.published ? ` (${esc(s.published)})` : ""}
      <a href="#" class="open-article" data-article="${esc(s.article_id)}">show text</a></li>`).join("");
  const merges = (detail.merge_history || []).map((m) => {
    const what = m.merged_event_id || m.mention_id || "";
    const why = m.reasons ? ` — ${Object.entries(m.reasons).map(([k, v]) => `${k}: ${typeof v === "number" ? v.toFixed(2) : typeof v === "object" ? JSON.stringify(v) : v}`).join(", ")}` : "";
    return `<li>${esc((m.at || "").slice(0, 10))}: ${esc(what)} merged into ${esc(m.kept_event_id)}${m.score != null ? ` (score ${Number(m.score).toFixed(2)})` : ""}${esc(why)} by ${esc(m.decided_by)}${m.undone ? " (undone)" : ""}</li>`;
  }).join("");
  const editable = detail.editable_fields || EVENT_FIELDS;
  $("#event-body").innerHTML = `
    <h2><i style="color:${colourOf(e.event_type)}">●</i> ${esc(e.sub_event_type || e.event_type || "Event")} — ${esc(e.location || e.admin1 || e.country || "")}</h2>
    <div>${esc(e.event_date || "undated")} · id <code>${esc(e.event_id)}</code> · review <span class="status status-${esc(e.review_status)}" id="event-status">${esc(e.review_status)}</span></div>
    ${e.merged_into ? `<p class="merged">Merged into <a href="#" class="open-merged" data-id="${esc(e.merged_into)}">${esc(e.merged_into)}</a>; kept here as history.</p>` : ""}
    <table class="fields">${rows}</table>
    <h3>Article${article ? `: ${esc(article.title || article.doc_id || article.id)}` : ""}</h3>
    <div class="article-text" id="article-text">${article ? highlight(article.text || "", spans) : "<em>No stored article text.</em>"}</div>
    <h3>Sources</h3><ul class="sources">${sources || "<li>none recorded</li>"}</ul>
    ${merges ? `<h3>Merge history</h3><ul>${merges}</ul>` : ""}
    <div class="review"><h3>Review</h3>
      <button type="button" data-action="accept">Accept</button>
      <button type="button" data-action="reject">Reject</button>
      <label>Field <select id="edit-field">${editable.map((f) => `<option>${f}</option>`).join("")}</select></label>
      <label>New value (empty = none) <input type="text" id="edit-value"></label>
      <label>Why <input type="text" id="edit-reason" placeholder="reason, kept in the audit log"></label>
      <button type="button" data-action="edit">Save edit</button><span id="review-result"></span>
    </div>
    <h3>Audit log</h3>
    <table class="audit" id="audit"><thead><tr><th>when</th><th>who</th><th>field</th><th>old</th><th>new</th><th>why</th><th></th></tr></thead>
      <tbody>${auditRows(detail.audit || [])}</tbody></table>`;
  const valueInput = $("#edit-value");
  const fieldSelect = $("#edit-field");
  const fill = () => { const v = e[fieldSelect.value]; valueInput.value = v == null ? "" : v; };
  fieldSelect.addEventListener("change", fill);
  fill();
  wireEventPage(e);
}

function auditRows(entries) {
  return entries.map((a) => `<tr class="${a.reverted ? "reverted" : ""}" data-audit="${a.id}">
    <td>${esc((a.at || "").replace("T", " ").slice(0, 19))}</td><td>${esc(a.who)}</td><td>${esc(a.field || a.action)}</td>
    <td>${esc(a.old)}</td><td>${esc(a.new)}</td><td>${esc(a.why)}</td>
    <td>${a.reverted || a.action === "revert" ? "" : `<button type="button" class="revert" data-audit="${a.id}">revert</button>`}</td></tr>`).join("")
    || `<tr><td colspan="7">No changes yet.</td></tr>`;
}

function wireEventPage(e) {
  const body = $("#event-body");
  body.querySelectorAll(".show-evidence, tr.has-evidence th").forEach((el) => el.addEventListener("click", (ev) => {
    ev.preventDefault();
    const field = el.dataset.field || el.closest("tr").dataset.field;
    const names = new Set([field, ...(EVIDENCE_ALIASES[field] || [])]);
    let first = null;
    body.querySelectorAll("mark.evidence").forEach((m) => {
      const on = m.dataset.fields.split(" ").some((f) => names.has(f));
      m.classList.toggle("active", on);
      if (on && !first) first = m;
    });
    if (first) first.scrollIntoView({ block: "center" });
  }));
  body.querySelectorAll(".open-merged").forEach((a) => a.addEventListener("click", (ev) => {
    ev.preventDefault();
    openEvent(a.dataset.id);
  }));
  body.querySelectorAll(".open-article").forEach((a) => a.addEventListener("click", async (ev) => {
    ev.preventDefault();
    try {
      const article = await api(`/api/articles/${encodeURIComponent(a.dataset.article)}`);
      $("#article-text").textContent = article.text || "";
    } catch (err) { showError(err.message); }
  }));
  body.querySelectorAll(".review button[data-action]").forEach((b) => b.addEventListener("click", async () => {
    const action = b.dataset.action;
    const payload = { action, reason: $("#edit-reason").value || null };
    if (action === "edit") {
      const raw = $("#edit-value").value;
      payload.changes = { [$("#edit-field").value]: raw === "" ? null : raw };
    }
    try {
      await api(`/api/events/${encodeURIComponent(e.event_id)}/review`, null, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(payload),
      });
      $("#review-result").textContent = "saved";
      await openEvent(e.event_id, false);
      $("#review-result").textContent = "saved";
      loadTable(readForm()).catch(() => {});
    } catch (err) {
      $("#review-result").textContent = err.message;
      showError(err.message);
    }
  }));
  body.querySelectorAll("button.revert").forEach((b) => b.addEventListener("click", async () => {
    try {
      await api(`/api/audit/${b.dataset.audit}/revert`, null, {
        method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ reason: $("#edit-reason").value || null }),
      });
      await openEvent(e.event_id, false);
      loadTable(readForm()).catch(() => {});
    } catch (err) { showError(err.message); }
  }));
}

// The event panel takes width from the map and the timeline: both must measure themselves again.
function relayout() {
  if (state.map) state.map.invalidateSize();
  drawTimeline(readForm());
}

function closeEvent() {
  state.eventId = null;
  $("#event-page").hidden = true;
  relayout();
  writeUrl(readForm(), true);
}

// ---- wiring ---------------------------------------------------------------------------------------
async function loadFacets() {
  const facets = await api("/api/facets");
  const form = $("#filters");
  const fill = (select, values) => {
    const keep = select.value;
    select.innerHTML = `<option value="">any</option>` + values.map((v) => `<option>${esc(v)}</option>`).join("");
    select.value = keep;
  };
  fill(form.elements.event_type, facets.event_types);
  fill(form.elements.sub_event_type, facets.sub_event_types);
  $("#countries").innerHTML = facets.countries.map((c) => `<option value="${esc(c)}">`).join("");
  $("#admin1s").innerHTML = facets.admin1.map((c) => `<option value="${esc(c)}">`).join("");
}

async function applyFilter() {
  const filter = readForm();
  state.cursors = [null];
  state.page = 0;
  writeUrl(filter);
  updateExports(filter);
  document.body.dataset.loading = "1";
  try {
    await Promise.all([loadTable(filter), loadTimeline(filter), loadPoints(filter)]);
  } catch (err) {
    showError(err.message);
  } finally {
    delete document.body.dataset.loading;
    document.body.dataset.ready = "1";
  }
}

async function main() {
  $("#token").value = localStorage.getItem("sitrep-token") || "";
  $("#token").addEventListener("change", () => {
    localStorage.setItem("sitrep-token", token());
    if (state.locked) start();  // reads were refused without a token: try again with this one
  });
  renderLegend();
  initMap();
  initBrush();
  initTable();
  $("#filters").addEventListener("submit", (ev) => { ev.preventDefault(); applyFilter(); });
  $("#filters").elements.in_view.addEventListener("change", (ev) => { if (ev.target.checked) setBboxFromMap(); applyFilter(); });
  $("#clear").addEventListener("click", () => { writeForm({}); applyFilter(); });
  $("#close-event").addEventListener("click", closeEvent);
  window.addEventListener("popstate", () => {
    writeForm(readUrl());
    applyFilter();
    if (state.eventId) openEvent(state.eventId, false);
    else if (!$("#event-page").hidden) { $("#event-page").hidden = true; relayout(); }
  });
  window.addEventListener("resize", () => drawTimeline(readForm()));
  await start();
}

async function start() {
  const filter = readUrl();
  try {
    await loadFacets();
    state.locked = false;
  } catch (err) {
    state.locked = err.status === 401 || err.status === 403;
    showError(err.status === 401 || err.status === 403 ? `${err.message} — enter a token above.` : err.message);
    document.body.dataset.ready = "1";
    return;
  }
  writeForm(filter);
  await applyFilter();
  if (state.eventId) await openEvent(state.eventId, false);
}

main();
