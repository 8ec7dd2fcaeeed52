// The analysts' page: a hash router over views that call the JSON API and /sparql of the same server.
// Text from the graph is always inserted as text (never as HTML).
"use strict";

const KINDS = {
  dependency: {route: "/dependencies", subject: "dependent", object: "provider", arrow: "→", colour: "#c0392b", verb: "depends on"},
  restriction: {route: "/restrictions", subject: "restrictor", object: "target", arrow: "⊣", colour: "#1f5fa8", verb: "restricts"},
  cooperation: {route: "/cooperations", subject: "actor", object: "partner", arrow: "↔", colour: "#2e8b57", verb: "cooperates with"},
};
const MODALITIES = ["asserted", "planned", "hedged", "negated"];
const PAGE = 1000;  // the API's largest page
const state = {questions: [], resources: [], lastAnswer: null, sparqlJSON: null};

// ---- small helpers

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else if (k === "class") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

function qs(params) {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) if (v !== null && v !== undefined && v !== "") p.set(k, v);
  const s = p.toString();
  return s ? "?" + s : "";
}

class ApiError extends Error {
  constructor(problem) { super(problem.detail || problem.title || "request failed"); this.problem = problem; }
}

async function api(path, params) {
  const r = await fetch(path + qs(params), {headers: {Accept: "application/json"}});
  const body = await r.json().catch(() => ({detail: r.statusText}));
  if (!r.ok) throw new ApiError(body);
  return body;
}

function localId(iri) { return String(iri).split("/").pop(); }
function plural(n, noun) {
  const many = /[^aeiou]y$/.test(noun) ? noun.slice(0, -1) + "ies" : noun + "s";
  return `${n.toLocaleString()} ${n === 1 ? noun : many}`;
}
// a form's example marks optional words in brackets ("what does Russia depend on (for chips)"): ask it whole
function askable(example) { return example.replace(/\(([^)]*)\)/g, "$1").replace(/\s+/g, " ").trim(); }
function actorLink(ref) { return ref ? el("a", {href: `#/actor/${encodeURIComponent(ref.key)}`, class: "actor"}, ref.label) : "?"; }
function articleHref(iri) { return `#/article/${encodeURIComponent(localId(iri))}`; }
function citeHref(c) { return `#/cite/${encodeURIComponent(localId(c.article))}?start=${c.start}&end=${c.end}`; }

function show(...nodes) {
  const view = document.getElementById("view");
  view.replaceChildren(...nodes.flat());
  window.scrollTo(0, 0);
}

function problemBox(err) {
  const p = err.problem || {};
  return el("div", {class: "problem", role: "alert"},
    el("strong", {}, p.title || "Error"), ": ", err.message,
    p.forms ? el("ul", {}, p.forms.map(f => el("li", {}, el("a", {href: askHref(f)}, f)))) : null);
}

function askHref(q) { return `#/ask?q=${encodeURIComponent(q)}`; }

// ---- citations

function citationMeta(c) {
  const bits = [];
  bits.push(el("a", {href: articleHref(c.article), class: "title"}, c.title ? `“${c.title}”` : localId(c.article)));
  if (c.publisher) bits.push(", ", c.publisher);
  if (c.date) bits.push(", ", c.date);
  if (c.url) bits.push(". ", el("a", {href: c.url, class: "url", rel: "noreferrer noopener", target: "_blank"}, c.url));
  return bits;
}

function citationDetail(c) {
  const d = [`characters ${c.start}–${c.end}`];
  const parts = [el("span", {}, d[0])];
  if (c.attributed_to) {
    parts.push("; attributed to ", actorLink(c.attributed_to));
    for (const v of c.reported_via || []) parts.push(" via ", actorLink(v));
  }
  if (c.modality) parts.push("; ", el("span", {class: `modality ${c.modality}`}, c.modality));
  for (const f of c.figures || []) parts.push("; ", f.raw || `${f.value} ${f.unit}`, f.year ? ` in ${f.year}` : "");
  return parts;
}

function citationItem(c, n) {
  return el("li", {class: "citation", id: n ? `cite-${n}` : null, "data-claim": c.claim},
    n ? el("span", {class: "n"}, `[${n}]`) : null, " ", citationMeta(c),
    el("blockquote", {class: "quote"}, c.quote),
    el("div", {class: "detail"}, citationDetail(c), " ",
      el("a", {href: citeHref(c), class: "in-context"}, "show in its paragraph")));
}

function refs(claims, numbers) {
  return claims.map(c => {
    const n = numbers.get(c.claim);
    return n ? el("a", {href: `#cite-${n}`, class: "ref", onclick: (e) => { e.preventDefault(); jumpTo(`cite-${n}`); }}, `[${n}]`) : null;
  });
}

function jumpTo(id) {
  const t = document.getElementById(id);
  if (t) { t.scrollIntoView({block: "center"}); t.classList.add("flash"); setTimeout(() => t.classList.remove("flash"), 1200); }
}

function edgeLine(e, numbers) {
  const k = KINDS[e.kind] || {arrow: "–"};
  const extra = [];
  if (e.attributed_sources && e.attributed_sources.length)
    extra.push("; according to ", e.attributed_sources.map((s, i) => [i ? ", " : "", actorLink(s)]));
  if (e.modalities && e.modalities.length && !(e.modalities.length === 1 && e.modalities[0] === "asserted"))
    extra.push("; ", e.modalities.join("/"));
  return el("li", {class: `edge ${e.kind}`, "data-subject": e.subject.key, "data-object": e.object.key},
    actorLink(e.subject), ` ${k.arrow} `, actorLink(e.object), ` (${e.resource.label}) — `,
    plural(e.claim_count, "claim"), ", ", plural(e.source_count, "article"), ", ",
    plural(e.story_count, "independent story"), extra, " ",
    numbers ? refs(e.claims, numbers) : null);
}

// ---- the ask box and its suggestions

let suggestTimer = null;
let suggestSeq = 0;

async function suggestions(text) {
  const seq = ++suggestSeq;  // only the latest keystroke's list is shown
  const typed = text.replace(/\s+/g, " ").trimStart();
  const t = typed.trim().toLowerCase();
  // the words after the form's last joining word are a name being typed: complete it in place first
  const m = typed.match(/^(.*\b(?:about|on|for|with|mention|restrict|restricts|does)\s+)(\S.*)$/i);
  const prefix = m ? m[1] : "", last = (m ? m[2] : t).trim().toLowerCase();
  const completions = [], others = [];
  for (const f of state.questions) if (!t || askable(f.example).toLowerCase().includes(t)) others.push(askable(f.example));
  if (last.length >= 2) {
    const wantsResource = /\bfor\s+$/i.test(prefix);
    for (const r of state.resources) {
      if (![r.label, r.key.replace(/_/g, " "), ...r.aliases].some(n => n.toLowerCase().startsWith(last))) continue;
      if (wantsResource) completions.push(prefix + r.label);
      others.push(`who depends on whom for ${r.label}`, `who restricts whom for ${r.label}`);
    }
    try {
      const actors = await api("/actors", {name: last, limit: 6});
      for (const a of actors.items) {
        if (prefix && !wantsResource) completions.push(prefix + a.label);
        others.push(`what do we know about ${a.label}`, `what does ${a.label} depend on`, `who depends on ${a.label}`);
      }
    } catch (err) { /* suggestions are a help, not an answer: the ask itself reports problems */ }
  }
  return seq === suggestSeq ? [...new Set([...completions, ...others])].slice(0, 10) : undefined;
}

function renderSuggestions(items) {
  if (items === undefined) return;  // a later keystroke's list is on its way
  const ul = document.getElementById("suggest");
  if (!items || !items.length) { ul.hidden = true; ul.replaceChildren(); return; }
  ul.replaceChildren(...items.map(s => el("li", {role: "option", tabindex: "-1",
    onmousedown: (e) => { e.preventDefault(); askNow(s); }}, s)));
  ul.hidden = false;
}

function askNow(q) {
  const input = document.getElementById("q");
  input.value = q;
  clearTimeout(suggestTimer);
  suggestSeq++;  // an answer still on its way must not reopen the list
  renderSuggestions(null);
  input.blur();
  location.hash = askHref(q);
}

function setupAskBox() {
  const input = document.getElementById("q");
  const ul = document.getElementById("suggest");
  input.addEventListener("input", () => {
    clearTimeout(suggestTimer);
    suggestTimer = setTimeout(async () => renderSuggestions(await suggestions(input.value)), 120);
  });
  input.addEventListener("focus", async () => renderSuggestions(await suggestions(input.value)));
  input.addEventListener("blur", () => setTimeout(() => renderSuggestions(null), 150));
  input.addEventListener("keydown", (e) => {
    const items = [...ul.children];
    if (!items.length || ul.hidden) return;
    let i = items.findIndex(li => li.classList.contains("active"));
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      if (i >= 0) items[i].classList.remove("active");
      i = e.key === "ArrowDown" ? (i + 1) % items.length : (i <= 0 ? items.length - 1 : i - 1);
      items[i].classList.add("active");
    } else if (e.key === "Enter" && i >= 0) {
      e.preventDefault();
      askNow(items[i].textContent);
    } else if (e.key === "Escape") renderSuggestions(null);
  });
  document.getElementById("askform").addEventListener("submit", (e) => {
    e.preventDefault();
    if (input.value.trim()) askNow(input.value.trim());
  });
}

// ---- views

async function viewHome() {
  const examples = state.questions.map(f => el("li", {}, el("a", {href: askHref(askable(f.example))}, askable(f.example))));
  show(el("section", {class: "intro"},
    el("h1", {}, "Question the AI-geopolitics claims graph"),
    el("p", {}, "Type a question above (suggestions appear as you type), or start from one of these:"),
    el("ul", {class: "examples"}, examples),
    el("p", {}, "Or browse the ", el("a", {href: "#/graph"}, "graph of dependencies, restrictions and cooperations"),
      ", or write ", el("a", {href: "#/sparql"}, "SPARQL"), ".")));
}

async function viewAsk(params) {
  const q = params.get("q") || "";
  document.getElementById("q").value = q;
  show(el("p", {class: "muted"}, `Asking “${q}”…`));
  let a;
  try {
    a = await api("/ask", {q, limit: params.get("limit") || 20, citations: params.get("citations") || 3});
  } catch (err) { show(el("h1", {}, q), problemBox(err)); return; }
  state.lastAnswer = a;
  const numbers = new Map(a.citations.map(c => [c.claim, c.n]));
  const isEdge = r => r && r.subject && r.object && r.kind && Array.isArray(r.claims);
  let body;
  if (a.results.length && a.results.every(isEdge)) {
    body = el("ul", {class: "edges"}, a.results.map(e => edgeLine(e, numbers)));
  } else {
    // the CLI's "ask again with a higher limit" hint is the "show more" link here
    body = el("ul", {class: "lines"}, a.lines.filter(line => !line.startsWith("… and ")).map(line => el("li", {}, linkRefs(line))));
  }
  const more = a.total > a.results.length
    ? el("p", {}, el("a", {href: askHref(q) + `&limit=${Math.min(1000, a.results.length * 5)}`}, `show more (${a.total.toLocaleString()} in all)`))
    : null;
  show(el("section", {class: "answer"},
    el("h1", {}, a.heading),
    a.results.length ? body : el("p", {class: "muted"}, "Nothing in the graph answers this."),
    more,
    a.citations.length ? [el("h2", {}, "Citations"), el("ol", {class: "citations"}, a.citations.map(c => citationItem(c, c.n)))] : null));
}

function linkRefs(line) {
  const parts = [];
  let last = 0;
  for (const m of line.matchAll(/\[(\d+)\]/g)) {
    parts.push(line.slice(last, m.index));
    const n = m[1];
    parts.push(el("a", {href: `#cite-${n}`, class: "ref", onclick: (e) => { e.preventDefault(); jumpTo(`cite-${n}`); }}, `[${n}]`));
    last = m.index + m[0].length;
  }
  parts.push(line.slice(last));
  return parts;
}

async function viewCite(id, params) {
  const start = Number(params.get("start")), end = Number(params.get("end"));
  show(el("p", {class: "muted"}, "Reading the article…"));
  let art, pass;
  try {
    [art, pass] = await Promise.all([api(`/articles/${encodeURIComponent(id)}`), api(`/articles/${encodeURIComponent(id)}/passage`, {start, end})]);
  } catch (err) { show(el("h1", {}, "Citation"), problemBox(err)); return; }
  const a = art.article;
  const from = pass.start - pass.paragraph_start, to = pass.end - pass.paragraph_start;
  const claims = art.claims.filter(c => c.start === start && c.end === end);
  show(el("section", {class: "cite"},
    el("h1", {}, "Citation in context"),
    el("p", {class: "meta"}, el("a", {href: articleHref(a.article)}, a.title || a.id), a.publisher ? `, ${a.publisher}` : "",
      a.date ? `, ${a.date}` : "", a.url ? [". ", el("a", {href: a.url, rel: "noreferrer noopener", target: "_blank"}, a.url)] : ""),
    el("p", {class: "muted"}, `Characters ${start}–${end} of the article's text, highlighted inside their paragraph:`),
    el("div", {class: "paragraph"}, pass.paragraph.slice(0, from), el("mark", {id: "quote"}, pass.paragraph.slice(from, to)),
      pass.paragraph.slice(to)),
    claims.length ? [el("h2", {}, "Claims on this quote"), el("ul", {class: "claims"}, claims.map(claimLine))] : null));
}

function claimLine(c) {
  const k = KINDS[c.kind] || {arrow: "–"};
  return el("li", {class: `claim ${c.kind}`}, el("span", {class: "kind"}, c.kind), " ",
    c.subject ? actorLink(c.subject) : "", c.object ? [` ${k.arrow} `, actorLink(c.object)] : "",
    c.resource ? ` (${c.resource.label})` : "", c.modality && c.modality !== "asserted" ? ` — ${c.modality}` : "",
    c.attributed_to ? [" — according to ", actorLink(c.attributed_to)] : "",
    el("blockquote", {class: "quote"}, c.quote), el("a", {href: citeHref(c), class: "in-context"}, "show in its paragraph"));
}

function figureLine(f) {
  return el("li", {class: "figure"}, el("strong", {}, f.raw || `${f.value} ${f.unit}`), f.year ? ` (${f.year})` : "",
    f.about ? ` — ${f.about}` : "", f.subject ? [" — ", actorLink(f.subject)] : "",
    el("blockquote", {class: "quote"}, f.citation.quote),
    el("div", {class: "detail"}, citationMeta(f.citation), " ", el("a", {href: citeHref(f.citation), class: "in-context"}, "show in its paragraph")));
}

function statementLine(s) {
  return el("li", {class: "statement"}, actorLink(s.source), s.cue ? ` (${s.cue})` : "",
    el("blockquote", {class: "quote"}, s.citation.quote),
    el("div", {class: "detail"}, citationMeta(s.citation), " ", el("a", {href: citeHref(s.citation), class: "in-context"}, "show in its paragraph")));
}

function edgeBlock(e) {
  const li = edgeLine(e, null);
  li.append(el("ul", {class: "citations"}, e.claims.map(c => citationItem(c, 0))));
  return li;
}

async function viewActor(id) {
  show(el("p", {class: "muted"}, "Loading the actor…"));
  let p;
  try { p = await api(`/actors/${encodeURIComponent(id)}`, {limit: 50, citations: 3}); }
  catch (err) { show(el("h1", {}, id), problemBox(err)); return; }
  const a = p.actor;
  const section = (title, items, render) => items.length ? [el("h2", {}, `${title} (${items.length})`), el("ul", {class: "blocks"}, items.map(render))] : null;
  show(el("section", {class: "actor-page"},
    el("h1", {}, a.label),
    el("dl", {class: "facts"},
      el("dt", {}, "type"), el("dd", {}, a.type || "actor"),
      el("dt", {}, "aliases"), el("dd", {}, a.aliases.length ? a.aliases.join(", ") : "—"),
      el("dt", {}, "Wikidata"), el("dd", {}, a.wikidata ? el("a", {href: `https://www.wikidata.org/wiki/${a.wikidata}`, rel: "noreferrer noopener", target: "_blank"}, a.wikidata) : "—"),
      el("dt", {}, "articles"), el("dd", {}, el("a", {href: askHref(`which articles mention ${a.label}`)}, plural(a.article_count, "article")))),
    el("p", {}, el("a", {href: `#/graph?actor=${encodeURIComponent(a.key)}`, class: "button"}, `Graph of ${a.label}'s neighbourhood`)),
    section(`What ${a.label} does`, p.outgoing, edgeBlock),
    section(`What others do to or with ${a.label}`, p.incoming, edgeBlock),
    section("Figures", p.figures, figureLine),
    section(`Passages quoting ${a.label}`, p.statements, statementLine)));
}

async function viewArticle(id) {
  show(el("p", {class: "muted"}, "Loading the article…"));
  let d;
  try { d = await api(`/articles/${encodeURIComponent(id)}`); }
  catch (err) { show(el("h1", {}, id), problemBox(err)); return; }
  const a = d.article;
  const counts = Object.entries(a.claim_counts || {}).map(([k, n]) => `${plural(n, k)}`).join(", ");
  show(el("section", {class: "article-page"},
    el("h1", {}, a.title || a.id),
    el("dl", {class: "facts"},
      el("dt", {}, "publisher"), el("dd", {}, a.publisher || "—"),
      el("dt", {}, "author"), el("dd", {}, a.creator || "—"),
      el("dt", {}, "date"), el("dd", {}, a.date || "—"),
      el("dt", {}, "link"), el("dd", {}, a.url ? el("a", {href: a.url, rel: "noreferrer noopener", target: "_blank"}, a.url) : "—"),
      el("dt", {}, "claims"), el("dd", {}, counts || "none"),
      el("dt", {}, "mentions"), el("dd", {}, d.mentions.map((m, i) => [i ? ", " : "", actorLink(m)]))),
    d.claims.length ? [el("h2", {}, `Claims (${d.claims.length})`), el("ul", {class: "blocks"}, d.claims.map(claimLine))] : null,
    d.figures.length ? [el("h2", {}, `Figures (${d.figures.length})`), el("ul", {class: "blocks"}, d.figures.map(figureLine))] : null,
    d.statements.length ? [el("h2", {}, `Sources quoted (${d.statements.length})`), el("ul", {class: "blocks"}, d.statements.map(statementLine))] : null));
}

// ---- the graph view

async function allEdges(kind, params) {
  const k = KINDS[kind];
  const edges = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = await api(k.route, {...params, citations: 0, limit: PAGE, offset});
    edges.push(...page.items);
    if (offset + PAGE >= page.total || offset >= 20 * PAGE) break;
  }
  return edges;
}

async function graphEdges(f) {
  const base = {resource: f.resource, modality: f.modality, date_from: f.since, date_to: f.until};
  const seen = new Map();
  for (const kind of f.kinds) {
    const k = KINDS[kind];
    const asks = f.actor ? [{[k.subject]: f.actor}, ...(kind === "cooperation" ? [] : [{[k.object]: f.actor}])] : [{}];
    for (const extra of asks) {
      for (const e of await allEdges(kind, {...base, ...extra})) {
        seen.set(`${e.kind} ${e.subject.key} ${e.object.key} ${e.resource.key}`, e);
      }
    }
  }
  return [...seen.values()];
}

function graphForm(f) {
  const opt = (value, label, selected) => el("option", {value, selected: selected ? true : null}, label);
  return el("form", {id: "graph-filters", class: "filters", onsubmit: (e) => {
      e.preventDefault();
      const fd = new FormData(e.target);
      const p = new URLSearchParams();
      for (const key of ["resource", "modality", "since", "until", "actor"]) if (fd.get(key)) p.set(key, fd.get(key));
      p.set("kinds", fd.getAll("kinds").join(","));
      location.hash = "#/graph?" + p.toString();
    }},
    el("label", {}, "resource ", el("select", {name: "resource"}, opt("", "all", !f.resource),
      state.resources.map(r => opt(r.key, r.label, r.key === f.resource)))),
    el("fieldset", {}, el("legend", {}, "relations"), Object.keys(KINDS).map(k =>
      el("label", {class: `kind ${k}`}, el("input", {type: "checkbox", name: "kinds", value: k, checked: f.kinds.includes(k) ? true : null}), ` ${k}`))),
    el("label", {}, "modality ", el("select", {name: "modality"}, opt("", "any", !f.modality), MODALITIES.map(m => opt(m, m, m === f.modality)))),
    el("label", {}, "from ", el("input", {type: "date", name: "since", value: f.since || null})),
    el("label", {}, "to ", el("input", {type: "date", name: "until", value: f.until || null})),
    el("label", {}, "around actor ", el("input", {type: "text", name: "actor", value: f.actor || null, size: 14, placeholder: "e.g. China"})),
    el("button", {type: "submit"}, "Draw"));
}

async function viewGraph(params) {
  const f = {
    resource: params.get("resource") || "", modality: params.get("modality") || "", since: params.get("since") || "",
    until: params.get("until") || "", actor: params.get("actor") || "",
    kinds: (params.get("kinds") || "dependency,restriction,cooperation").split(",").filter(k => k in KINDS),
  };
  const status = el("p", {class: "muted", id: "graph-status"}, "Loading edges…");
  const canvas = el("canvas", {id: "graph", width: 1100, height: 640, "aria-label": "network graph"});
  const side = el("aside", {id: "edge-panel"}, el("p", {class: "muted"}, "Click an edge to read its citations, an actor to open its page."));
  const legend = el("p", {class: "legend"}, Object.entries(KINDS).map(([k, v]) => el("span", {class: "key"},
    el("i", {style: `background:${v.colour}`}), ` ${k} `)), "— node size: reach in the dependency network; edge width: claims behind it.");
  const table = el("div", {id: "edge-table"});
  show(el("section", {class: "graph-page"}, el("h1", {}, f.actor ? `Network around ${f.actor}` : "Network"), graphForm(f),
    status, legend, el("div", {class: "graph-wrap"}, canvas, side), table));
  let edges, reach = new Map();
  try {
    edges = await graphEdges(f);
    if (f.kinds.includes("dependency")) {
      const chk = await api("/chokepoints", {resource: f.resource, since: f.since, until: f.until, limit: 1000});
      for (const c of chk) reach.set(c.actor.split("/").pop(), c.reach);
    }
  } catch (err) { status.replaceWith(problemBox(err)); return; }
  const g = buildGraph(edges, reach);
  if (f.actor) {  // the name as the graph knows it ("china" -> "China")
    const want = f.actor.toLowerCase();
    const hit = g.nodes.find(n => n.key === want || n.label.toLowerCase() === want);
    if (hit) document.querySelector("section.graph-page h1").textContent = `Network around ${hit.label}`;
  }
  status.textContent = `${plural(g.nodes.length, "actor")}, ${plural(edges.length, "edge")}`;
  status.dataset.edges = String(edges.length);
  drawGraph(canvas, g, side);
  const top = [...edges].sort((a, b) => b.claim_count - a.claim_count).slice(0, 200);
  table.replaceChildren(el("h2", {}, edges.length > 200 ? "The 200 best supported edges" : "Edges"),
    el("ul", {class: "edges"}, top.map(e => { const li = edgeLine(e, null);
      li.append(" ", el("a", {href: "#", class: "citations-link", onclick: (ev) => { ev.preventDefault(); showEdge(side, e); }}, "citations"));
      return li; })));
}

function buildGraph(edges, reach) {
  const nodes = new Map();
  const node = (ref) => {
    if (!nodes.has(ref.key)) nodes.set(ref.key, {key: ref.key, label: ref.label, x: 0, y: 0, vx: 0, vy: 0, degree: 0, support: 0});
    return nodes.get(ref.key);
  };
  const links = edges.map(e => {
    const s = node(e.subject), o = node(e.object);
    s.degree++; o.degree++; s.support += e.claim_count; o.support += e.claim_count;
    return {s, o, edge: e};
  });
  const list = [...nodes.values()];
  list.forEach((n, i) => {  // a deterministic start: a spiral, so every run draws the same picture
    const a = i * 2.39996, r = 12 * Math.sqrt(i + 1);
    n.x = Math.cos(a) * r; n.y = Math.sin(a) * r;
    n.reach = reach.get(n.key) || 0;
    n.r = 5 + 3 * Math.sqrt(n.degree) + 28 * Math.sqrt(n.reach);
  });
  return {nodes: list, links};
}

function layout(g, ticks) {
  // springs along edges, repulsion between nodes in nearby grid cells, a weak pull to the centre
  const cell = 110, nodes = g.nodes;
  for (let t = 0; t < ticks; t++) {
    const alpha = 1 - t / ticks;
    const grid = new Map();
    for (const n of nodes) {
      const k = `${Math.floor(n.x / cell)},${Math.floor(n.y / cell)}`;
      (grid.get(k) || grid.set(k, []).get(k)).push(n);
    }
    for (const n of nodes) {
      const cx = Math.floor(n.x / cell), cy = Math.floor(n.y / cell);
      for (let dx = -1; dx <= 1; dx++) for (let dy = -1; dy <= 1; dy++) {
        for (const m of grid.get(`${cx + dx},${cy + dy}`) || []) {
          if (m === n) continue;
          let ddx = n.x - m.x, ddy = n.y - m.y, d2 = ddx * ddx + ddy * ddy;
          if (d2 < 0.01) { ddx = Math.random() - 0.5; ddy = Math.random() - 0.5; d2 = 0.5; }
          if (d2 > cell * cell) continue;
          const f = 1600 / d2;
          n.vx += ddx * f * 0.05; n.vy += ddy * f * 0.05;
        }
      }
      n.vx -= n.x * 0.004; n.vy -= n.y * 0.004;
    }
    for (const l of g.links) {
      const dx = l.o.x - l.s.x, dy = l.o.y - l.s.y, d = Math.sqrt(dx * dx + dy * dy) || 1;
      const f = (d - 95) * 0.02;
      l.s.vx += dx / d * f; l.s.vy += dy / d * f; l.o.vx -= dx / d * f; l.o.vy -= dy / d * f;
    }
    for (const n of nodes) {
      n.vx *= 0.6; n.vy *= 0.6;
      const v = Math.hypot(n.vx, n.vy), cap = 20 * alpha + 1;
      if (v > cap) { n.vx *= cap / v; n.vy *= cap / v; }
      n.x += n.vx; n.y += n.vy;
    }
  }
}

function drawGraph(canvas, g, side) {
  const ctx = canvas.getContext("2d");
  const ticks = g.nodes.length > 600 ? 120 : 300;
  layout(g, ticks);
  // fit the drawing to the canvas
  const xs = g.nodes.map(n => n.x), ys = g.nodes.map(n => n.y);
  const minX = Math.min(...xs, 0) - 40, maxX = Math.max(...xs, 0) + 40, minY = Math.min(...ys, 0) - 30, maxY = Math.max(...ys, 0) + 30;
  const scale = Math.min(canvas.width / (maxX - minX), canvas.height / (maxY - minY), 2.5);
  const ox = (canvas.width - (maxX - minX) * scale) / 2 - minX * scale, oy = (canvas.height - (maxY - minY) * scale) / 2 - minY * scale;
  const sx = n => n.x * scale + ox, sy = n => n.y * scale + oy;
  let hover = null;
  const maxClaims = Math.max(1, ...g.links.map(l => l.edge.claim_count));
  function paint() {
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    for (const l of g.links) {
      const k = KINDS[l.edge.kind];
      ctx.strokeStyle = k.colour; ctx.globalAlpha = hover && hover !== l ? 0.45 : 0.85;
      ctx.lineWidth = 1 + 5 * Math.sqrt(l.edge.claim_count / maxClaims);
      const x1 = sx(l.s), y1 = sy(l.s), x2 = sx(l.o), y2 = sy(l.o);
      ctx.beginPath(); ctx.moveTo(x1, y1); ctx.lineTo(x2, y2); ctx.stroke();
      if (l.edge.kind !== "cooperation") {  // an arrowhead at the object's rim
        const a = Math.atan2(y2 - y1, x2 - x1), r = l.o.r * Math.sqrt(scale) + 2;
        const hx = x2 - Math.cos(a) * r, hy = y2 - Math.sin(a) * r;
        ctx.fillStyle = k.colour; ctx.beginPath(); ctx.moveTo(hx, hy);
        ctx.lineTo(hx - 9 * Math.cos(a - 0.4), hy - 9 * Math.sin(a - 0.4));
        ctx.lineTo(hx - 9 * Math.cos(a + 0.4), hy - 9 * Math.sin(a + 0.4)); ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
    const labelled = g.nodes.length <= 80 ? g.nodes : [...g.nodes].sort((a, b) => b.r - a.r).slice(0, 40);
    for (const n of g.nodes) {
      ctx.beginPath(); ctx.arc(sx(n), sy(n), n.r * Math.sqrt(scale), 0, 2 * Math.PI);
      ctx.fillStyle = hover === n ? "#f5b041" : "#fdfefe"; ctx.fill();
      ctx.lineWidth = 1.5; ctx.strokeStyle = "#34495e"; ctx.stroke();
    }
    ctx.font = "13px 'DejaVu Sans', 'Liberation Sans', sans-serif"; ctx.fillStyle = "#1b2631"; ctx.textAlign = "center";
    for (const n of labelled) ctx.fillText(n.label, sx(n), sy(n) - n.r * Math.sqrt(scale) - 4);
    if (hover && hover.label) ctx.fillText(hover.label, sx(hover), sy(hover) - hover.r * Math.sqrt(scale) - 4);
  }
  function hit(ev) {
    const rect = canvas.getBoundingClientRect();
    const x = (ev.clientX - rect.left) * canvas.width / rect.width, y = (ev.clientY - rect.top) * canvas.height / rect.height;
    for (const n of g.nodes) if (Math.hypot(sx(n) - x, sy(n) - y) <= n.r * Math.sqrt(scale) + 2) return n;
    let best = null, bestD = 6;
    for (const l of g.links) {
      const x1 = sx(l.s), y1 = sy(l.s), x2 = sx(l.o), y2 = sy(l.o);
      const len2 = (x2 - x1) ** 2 + (y2 - y1) ** 2 || 1;
      const t = Math.max(0, Math.min(1, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / len2));
      const d = Math.hypot(x - (x1 + t * (x2 - x1)), y - (y1 + t * (y2 - y1)));
      if (d < bestD) { bestD = d; best = l; }
    }
    return best;
  }
  canvas.onmousemove = (ev) => { const h = hit(ev); if (h !== hover) { hover = h; canvas.style.cursor = h ? "pointer" : "default"; paint(); } };
  canvas.onclick = (ev) => {
    const h = hit(ev);
    if (!h) return;
    if (h.edge) showEdge(side, h.edge); else location.hash = `#/actor/${encodeURIComponent(h.key)}`;
  };
  paint();
  // where each actor is drawn, in page pixels (for keyboard-less checks and tests)
  canvas.positions = () => {
    const rect = canvas.getBoundingClientRect();
    return Object.fromEntries(g.nodes.map(n => [n.key, {x: rect.left + sx(n) * rect.width / canvas.width, y: rect.top + sy(n) * rect.height / canvas.height}]));
  };
  canvas.dataset.ready = "true";
}

async function showEdge(side, e) {
  const k = KINDS[e.kind];
  side.replaceChildren(el("p", {class: "muted"}, "Loading citations…"));
  try {
    const page = await api(k.route, {[k.subject]: e.subject.key, [k.object]: e.object.key, resource: e.resource.key, citations: 10, limit: 5});
    const edge = page.items.find(x => x.subject.key === e.subject.key && x.object.key === e.object.key) || page.items[0];
    side.replaceChildren(el("h2", {}, actorLink(e.subject), ` ${k.arrow} `, actorLink(e.object)),
      el("p", {}, `${e.resource.label}: ${plural(e.claim_count, "claim")}, ${plural(e.source_count, "source")}`),
      el("ol", {class: "citations"}, (edge ? edge.claims : []).map((c, i) => citationItem(c, 0))));
  } catch (err) { side.replaceChildren(problemBox(err)); }
}

// ---- the SPARQL view

const EXAMPLES = [
  ["Dependency claims for chips, with quote and source", `SELECT ?dependent ?provider ?quote ?source WHERE {
  ?c a aig:DependencyClaim ; aig:subject ?dependent ; aig:object ?provider ;
     aig:resource res:chips ; aig:quote ?quote .
  OPTIONAL { ?c aig:attributedTo ?source }
}
LIMIT 100`],
  ["Who depends on whom (direct edges)", `SELECT ?a ?b WHERE { ?a aig:dependsOn ?b } ORDER BY ?a ?b`],
  ["Restrictions with the article they come from", `SELECT ?restrictor ?target ?resource ?title WHERE {
  ?c a aig:RestrictionClaim ; aig:subject ?restrictor ; aig:object ?target ;
     aig:resource ?resource ; prov:wasDerivedFrom ?article .
  OPTIONAL { ?article dcterms:title ?title }
}
LIMIT 100`],
  ["Articles per publisher", `SELECT ?publisher (COUNT(?article) AS ?articles) WHERE {
  ?article a aig:Article ; dcterms:publisher ?publisher
}
GROUP BY ?publisher ORDER BY DESC(?articles)`],
  ["Is there any restriction on chipmaking equipment? (ASK)", `ASK { ?c a aig:RestrictionClaim ; aig:resource res:chipmaking_equipment }`],
];

async function sparql(query, accept) {
  const r = await fetch("/sparql", {method: "POST", body: new URLSearchParams({query}),
    headers: {Accept: accept, "Content-Type": "application/x-www-form-urlencoded"}});
  if (!r.ok) throw new ApiError(await r.json().catch(() => ({detail: r.statusText})));
  return r;
}

function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = el("a", {href: url, download: name});
  document.body.append(a); a.click(); a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

function resultsTable(json) {
  if ("boolean" in json) return el("p", {class: "boolean"}, `ASK: ${json.boolean}`);
  const vars = json.head.vars;
  const cell = (b) => {
    if (!b) return el("td", {class: "unbound"});
    if (b.type === "uri") {
      const m = b.value.match(/^https:\/\/w3id\.org\/aigeo\/(actor|article)\/([A-Za-z0-9_-]+)$/);
      return el("td", {}, m ? el("a", {href: `#/${m[1]}/${encodeURIComponent(m[2])}`, title: b.value}, `${m[1]}:${m[2]}`) : b.value);
    }
    return el("td", {}, b.value);
  };
  return el("table", {class: "results"}, el("thead", {}, el("tr", {}, vars.map(v => el("th", {}, v)))),
    el("tbody", {}, json.results.bindings.map(row => el("tr", {}, vars.map(v => cell(row[v]))))));
}

function viewSparql(params) {
  const editor = el("textarea", {id: "sparql-query", rows: 12, spellcheck: "false", "aria-label": "SPARQL query"});
  editor.value = params.get("query") || EXAMPLES[0][1];
  const out = el("div", {id: "sparql-results"});
  const csvButton = el("button", {type: "button", id: "download-csv", onclick: async () => {
    try { download("results.csv", "text/csv", await (await sparql(editor.value, "text/csv")).text()); }
    catch (err) { out.replaceChildren(problemBox(err)); }
  }}, "Download CSV");
  const jsonButton = el("button", {type: "button", id: "download-json", onclick: async () => {
    try { download("results.json", "application/sparql-results+json", await (await sparql(editor.value, "application/sparql-results+json")).text()); }
    catch (err) { out.replaceChildren(problemBox(err)); }
  }}, "Download JSON");
  async function run() {
    out.replaceChildren(el("p", {class: "muted"}, "Running…"));
    const t0 = performance.now();
    try {
      const r = await sparql(editor.value, "application/sparql-results+json, text/turtle;q=0.5");
      const type = r.headers.get("content-type") || "";
      const ms = Math.round(performance.now() - t0);
      if (type.includes("sparql-results+json")) {
        const json = await r.json();
        const n = "boolean" in json ? 1 : json.results.bindings.length;
        out.replaceChildren(el("p", {class: "muted", id: "sparql-count"}, "boolean" in json ? `answered in ${ms} ms` : `${plural(n, "row")} in ${ms} ms`), resultsTable(json));
      } else {
        out.replaceChildren(el("p", {class: "muted"}, `${type.split(";")[0]} in ${ms} ms`), el("pre", {class: "rdf"}, await r.text()));
      }
    } catch (err) { out.replaceChildren(problemBox(err)); }
  }
  editor.addEventListener("keydown", (e) => { if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); } });
  show(el("section", {class: "sparql-page"},
    el("h1", {}, "SPARQL"),
    el("p", {}, "Read-only SPARQL 1.1 over every graph. Predeclared prefixes: ",
      ["aig:", "actor:", "res:", "prov:", "dcterms:", "schema:", "skos:"].map(p => [el("code", {}, p), " "]),
      "— updates and SERVICE are refused. Ctrl+Enter runs the query."),
    el("label", {}, "Examples: ", el("select", {id: "sparql-examples", onchange: (e) => { editor.value = EXAMPLES[e.target.value][1]; run(); }},
      EXAMPLES.map(([title], i) => el("option", {value: i}, title)))),
    editor,
    el("p", {class: "downloads"}, el("button", {type: "button", id: "sparql-run", class: "primary", onclick: run}, "Run query"),
      " ", csvButton, " ", jsonButton), out));
}

// ---- router

async function route() {
  const hash = location.hash.replace(/^#/, "") || "/";
  if (/^cite-\d+$/.test(hash)) return;  // an in-page jump to a citation, not a view
  const [path, query] = hash.split("?");
  const params = new URLSearchParams(query || "");
  const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
  const view = parts[0] || "";
  document.querySelectorAll("nav a[data-view]").forEach(a => a.classList.toggle("active",
    a.dataset.view === (view || "ask") || (a.dataset.view === "ask" && ["ask", "cite", "actor", "article"].includes(view))));
  document.getElementById("view").dataset.view = view || "home";
  renderSuggestions(null);
  if (view !== "ask") document.getElementById("q").value = "";
  try {
    if (view === "ask" && params.get("q")) await viewAsk(params);
    else if (view === "cite" && parts[1]) await viewCite(parts[1], params);
    else if (view === "actor" && parts[1]) await viewActor(parts[1]);
    else if (view === "article" && parts[1]) await viewArticle(parts[1]);
    else if (view === "graph") await viewGraph(params);
    else if (view === "sparql") viewSparql(params);
    else await viewHome();
  } finally {
    document.getElementById("view").dataset.loaded = location.hash;
  }
}

async function start() {
  setupAskBox();
  try {
    [state.questions, state.resources] = await Promise.all([api("/questions"), api("/resources")]);
  } catch (err) { show(problemBox(err)); return; }
  window.addEventListener("hashchange", route);
  await route();
}

start();
