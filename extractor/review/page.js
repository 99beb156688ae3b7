"use strict";
// The review page: builds every element from the JSON data with text nodes (never innerHTML), so
// report text is shown as text whatever it holds.
(function () {
  const DATA = JSON.parse(document.getElementById("data").textContent);
  const FIELDS = DATA.fields;
  const KINDS = ["quantity", "money", "percent", "year", "date", "period"];
  const PAGE = 200;  // documents rendered at once; every fact of up to 200 documents is in the page at load
  const SHOWN = ["value", "value_max", "unit", "date", "qualifier", "direction", "basis", "status", "period",
                 "metric", "row_label", "column_label", "ocr_confidence"];
  const docs = DATA.docs.map(d => Object.assign({}, d, {
    facts: d.facts.map(a => Object.fromEntries(FIELDS.map((k, i) => [k, a[i]])))
  }));
  let page = 0;

  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === false || v === null || v === undefined) continue;
      e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const k of kids) e.append(k instanceof Node ? k : document.createTextNode(String(k)));
    return e;
  }

  // --- summary -------------------------------------------------------------------------------
  function summary() {
    const s = DATA.summary, box = document.getElementById("summary");
    document.getElementById("title").textContent = DATA.title;
    const t = el("table", {});
    t.append(el("tr", {}, el("th", {}, "documents"), el("td", {id: "n-docs"}, s.documents)));
    t.append(el("tr", {}, el("th", {}, "facts"), el("td", {id: "n-facts"}, s.facts)));
    for (const k of KINDS) {
      t.append(el("tr", {}, el("th", {}, el("span", {class: "swatch", style: "background:var(--" + k + ")"}), k),
                  el("td", {"data-count-kind": k}, s.by_kind[k] || 0)));
    }
    box.append(t);
    if (s.problems.length) {
      const ul = el("ul", {class: "problems", id: "problems"});
      for (const p of s.problems) ul.append(el("li", {}, p.status + ": " + p.path + (p.error ? " (" + p.error + ")" : "")));
      box.append(el("p", {class: "problems"}, s.problems.length + " files not read:"), ul);
    }
  }

  // --- text with marks -----------------------------------------------------------------------
  // text of [a, b) into parent, with the repaired spans inside it underlined
  function plainText(parent, d, a, b) {
    let pos = a;
    for (const r of d.repairs) {
      if (r.end <= pos || r.start >= b) continue;
      const s = Math.max(r.start, pos), e = Math.min(r.end, b);
      if (s > pos) parent.append(document.createTextNode(d.text.slice(pos, s)));
      if (e > s) parent.append(el("span", {class: "repair", title: "repaired by " + r.rule + ": \u201c" + r.before +
        "\u201d \u2192 \u201c" + r.after + "\u201d"}, d.text.slice(s, e)));
      pos = Math.max(pos, e);
    }
    if (b > pos) parent.append(document.createTextNode(d.text.slice(pos, b)));
  }

  function mark(d, f) {
    const cls = [f.status === "target" ? "target" : "", f.low_confidence ? "low" : ""].filter(Boolean).join(" ");
    const m = el("mark", {"data-kind": f.kind, "data-value": f.display, "data-status": f.status,
                          "data-repaired": f.repaired ? "true" : "false", "data-ocr": f.ocr ? "true" : "false",
                          "data-low": f.low_confidence ? "true" : "false", tabindex: 0, class: cls || false,
                          "aria-label": f.kind + " " + f.display});
    plainText(m, d, f.start, f.end);
    m._fact = f;
    return m;
  }

  // text of [a, b) with the facts that lie inside it marked; returns the next fact index
  function markedText(parent, d, a, b, i) {
    let pos = a;
    const facts = d.facts;
    while (i < facts.length && facts[i].start < b) {
      const f = facts[i];
      if (f.start < pos || f.end > b) { i++; continue; }  // overlaps what is drawn: cannot nest
      plainText(parent, d, pos, f.start);
      parent.append(mark(d, f));
      pos = f.end;
      i++;
    }
    plainText(parent, d, pos, b);
    return i;
  }

  function grid(d, t, i) {
    const table = el("table", {class: "grid", "data-table": t.index});
    if (t.caption) table.append(el("caption", {}, t.caption));
    const rows = [];
    for (let r = 0; r < t.rows; r++) rows.push(el("tr", {}));
    for (const [r, c, rs, cs, s, e, head] of t.cells) {
      const cell = el(head ? "th" : "td", {rowspan: rs > 1 ? rs : false, colspan: cs > 1 ? cs : false});
      while (i < d.facts.length && d.facts[i].end <= s) i++;
      i = markedText(cell, d, s, e, i);
      rows[r].append(cell);
    }
    for (const tr of rows) table.append(tr);
    return [table, i];
  }

  function renderDoc(d) {
    const art = el("article", {class: "doc", "data-doc": d.id});
    const meta = [d.format, d.encoding, d.conversion, d.facts.length + " facts",
                  d.repairs.length ? d.repairs.length + " repairs" : ""].filter(Boolean).join(" · ");
    art.append(el("h2", {}, d.path), el("div", {class: "meta"}, meta));
    for (const n of d.notes) art.append(el("div", {class: "meta note"}, n));
    const body = el("div", {class: "text"});
    // a table is drawn as a grid when no prose fact runs across it
    const tables = d.tables.filter(t => !d.facts.some(f => f.table < 0 && f.end > t.start && f.start < t.end))
                           .sort((x, y) => x.start - y.start);
    let pos = 0, i = 0;
    for (const t of tables) {
      if (t.start < pos) continue;
      i = markedText(body, d, pos, t.start, i);
      const [table, j] = grid(d, t, i);
      body.append(table);
      i = j;
      pos = t.end;
    }
    markedText(body, d, pos, d.text.length, i);
    art.append(body);
    return art;
  }

  // --- pages, filters, tooltip ---------------------------------------------------------------
  function show(p) {
    page = p;
    const main = document.getElementById("docs");
    main.replaceChildren(...docs.slice(p * PAGE, (p + 1) * PAGE).map(renderDoc));
    const pager = document.getElementById("pager");
    pager.replaceChildren();
    const pages = Math.ceil(docs.length / PAGE);
    if (pages > 1) {
      for (let k = 0; k < pages; k++) {
        const b = el("button", {type: "button", "aria-current": k === p ? "page" : false},
                     (k * PAGE + 1) + "\u2013" + Math.min(docs.length, (k + 1) * PAGE));
        b.addEventListener("click", () => show(k));
        pager.append(b);
      }
    }
    applyFilters();
  }

  function kindBoxes() {
    const box = document.getElementById("kinds");
    for (const k of KINDS) {
      const input = el("input", {type: "checkbox", checked: true, "data-filter-kind": k, id: "kind-" + k});
      input.addEventListener("change", applyFilters);
      box.append(el("label", {for: "kind-" + k}, input, el("span", {class: "swatch", style: "background:var(--" + k + ")"}), k));
    }
    for (const id of ["status", "only-repaired", "only-ocr", "only-low", "search"]) {
      document.getElementById(id).addEventListener("input", applyFilters);
      document.getElementById(id).addEventListener("change", applyFilters);
    }
  }

  function applyFilters() {
    const kinds = new Set([...document.querySelectorAll("[data-filter-kind]")].filter(x => x.checked)
                                                                          .map(x => x.dataset.filterKind));
    const status = document.getElementById("status").value;
    const rep = document.getElementById("only-repaired").checked, ocr = document.getElementById("only-ocr").checked;
    const low = document.getElementById("only-low").checked;
    const q = document.getElementById("search").value.trim().toLowerCase();
    const narrowed = rep || ocr || low || status || q;
    for (const art of document.querySelectorAll("article.doc")) {
      const inDoc = q && art.querySelector("h2").textContent.toLowerCase().includes(q);
      let visible = 0;
      for (const m of art.querySelectorAll("mark")) {
        const f = m._fact;
        const hay = (f.metric + " " + f.unit + " " + m.textContent + " " + f.display).toLowerCase();
        const on = kinds.has(f.kind) && (!status || f.status === status) && (!rep || f.repaired) &&
                   (!ocr || f.ocr) && (!low || f.low_confidence) && (!q || inDoc || hay.includes(q));
        m.classList.toggle("off", !on);
        m.setAttribute("tabindex", on ? "0" : "-1");
        visible += on ? 1 : 0;
      }
      art.hidden = Boolean(narrowed) && visible === 0;
    }
  }

  function tooltip() {
    const tip = document.getElementById("tip");
    function open(e) {
      const m = e.target.closest && e.target.closest("mark");
      if (!m || m.classList.contains("off")) return;
      const f = m._fact, dl = el("dl", {});
      dl.append(el("dt", {}, "kind"), el("dd", {}, f.kind));
      for (const k of SHOWN) {
        const v = f[k];
        if (v === "" || v === null || v === undefined) continue;
        dl.append(el("dt", {}, k.replace("_", " ")), el("dd", {"data-field": k}, v));
      }
      if (f.repaired) dl.append(el("dt", {}, "repaired"), el("dd", {}, "yes: the original characters are underlined"));
      tip.replaceChildren(dl);
      tip.hidden = false;
      const r = m.getBoundingClientRect();
      tip.style.left = Math.max(4, Math.min(window.scrollX + r.left, window.scrollX + innerWidth - tip.offsetWidth - 4)) + "px";
      tip.style.top = (window.scrollY + r.bottom + 4) + "px";
    }
    function close(e) { if (e.target.closest && e.target.closest("mark")) tip.hidden = true; }
    document.addEventListener("mouseover", open);
    document.addEventListener("focusin", open);
    document.addEventListener("mouseout", close);
    document.addEventListener("focusout", close);
    document.addEventListener("keydown", e => { if (e.key === "Escape") tip.hidden = true; });
  }

  summary();
  kindBoxes();
  tooltip();
  show(0);
  document.body.setAttribute("data-ready", "true");
})();
