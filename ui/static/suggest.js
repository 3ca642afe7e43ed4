// Search as you type, and the small things pages do once loaded. The
// pages work without this script: the form submits, the filters are open
// below the results, images that fail stay as the browser shows them.
(function () {
  "use strict";

  // Filters fold behind their control on a narrow screen, so that the
  // first results are on the first screen.
  var filters = document.getElementById("filters");
  if (filters && window.matchMedia && window.matchMedia("(max-width: 760px)").matches) {
    filters.open = false;
    var jump = document.querySelector("a.filters-jump");
    if (jump) {
      jump.setAttribute("role", "button");
      jump.setAttribute("aria-controls", "filters");
      jump.setAttribute("aria-expanded", "false");
      jump.addEventListener("click", function (e) {
        e.preventDefault();
        filters.open = !filters.open;
        if (filters.open) {
          filters.scrollIntoView({ block: "start" });
        }
      });
      filters.addEventListener("toggle", function () {
        jump.setAttribute("aria-expanded", String(filters.open));
      });
    }
  }

  // An image of a post that does not load is shown as its alt text, not
  // as a broken box.
  function missing(img) {
    var span = document.createElement("span");
    span.className = "img-missing";
    span.textContent = img.alt || img.dataset.missing || "";
    img.replaceWith(span);
  }
  document.querySelectorAll("article .body img").forEach(function (img) {
    if (img.complete && img.naturalWidth === 0) {
      missing(img);
    } else {
      img.addEventListener("error", function () { missing(img); }, { once: true });
    }
  });

  var input = document.querySelector("form.search input[name=q]");
  if (!input || !window.fetch || !window.AbortController) {
    return;
  }
  var form = input.form;
  var t = form.dataset; // translated labels, from the page
  var list = document.createElement("ul");
  list.className = "suggest";
  list.id = "suggest";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", t.label || "");
  form.appendChild(list);
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("aria-controls", "suggest");
  if (t.hint) {
    var hint = document.createElement("span");
    hint.id = "suggest-hint";
    hint.className = "visually-hidden";
    hint.textContent = t.hint;
    form.appendChild(hint);
    input.setAttribute("aria-describedby", "suggest-hint");
  }

  var timer = 0;
  var pending = null;
  var active = -1;
  var lists = null; // speakers, topics, events: fetched once

  // fold makes text comparable letter by letter without case or accents,
  // one letter for one, so that positions in the folded text are
  // positions in the text.
  function fold(s) {
    var out = "";
    for (var ch of s) {
      var f = ch.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
      if (ch === "đ" || ch === "Đ") {
        f = "d";
      }
      out += f.length === 1 ? f : ch.toLowerCase().length === 1 ? ch.toLowerCase() : "\u0000";
    }
    return out;
  }

  // highlighted returns the text as nodes, the query's words in <mark>.
  function highlighted(text, words) {
    var chars = Array.from(text);
    var folded = Array.from(fold(text));
    var marked = new Array(chars.length).fill(false);
    var hay = folded.join("");
    words.forEach(function (w) {
      var needle = fold(w);
      if (!needle) {
        return;
      }
      var from = 0;
      var at;
      while ((at = hay.indexOf(needle, from)) >= 0) {
        var start = Array.from(hay.slice(0, at)).length;
        var n = Array.from(needle).length;
        for (var i = start; i < start + n; i++) {
          marked[i] = true;
        }
        from = at + needle.length;
      }
    });
    var nodes = [];
    var run = "";
    var inMark = false;
    function flush() {
      if (!run) {
        return;
      }
      if (inMark) {
        var m = document.createElement("mark");
        m.textContent = run;
        nodes.push(m);
      } else {
        nodes.push(document.createTextNode(run));
      }
      run = "";
    }
    chars.forEach(function (ch, i) {
      if (marked[i] !== inMark) {
        flush();
        inMark = marked[i];
      }
      run += ch;
    });
    flush();
    return nodes;
  }

  function close() {
    list.hidden = true;
    active = -1;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }

  function choose(i) {
    var items = list.querySelectorAll("[role=option]");
    if (!items.length) {
      return;
    }
    active = (i + items.length) % items.length;
    items.forEach(function (li, j) {
      li.setAttribute("aria-selected", String(j === active));
    });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  // show lists the suggestions: the speakers, topics and events whose
  // names have the words, then the top hits.
  function show(q, entities, hits) {
    var words = q.split(/\s+/).filter(Boolean);
    var rows = entities.concat(hits.map(function (h) {
      var meta = (h.type === "talk" ? t.talk : t.post) + " · " + (t["l" + h.lang] || h.lang) + (h.date ? " · " + h.date.slice(0, 4) : "");
      return { url: h.url, title: h.title, meta: meta, lang: h.lang };
    }));
    var items = rows.map(function (r, i) {
      var li = document.createElement("li");
      li.id = "suggest-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      if (r.lang) {
        li.lang = r.lang;
      }
      var a = document.createElement("a");
      a.href = r.url;
      a.tabIndex = -1;
      var title = document.createElement("span");
      if (r.kind) {
        var kind = document.createElement("span");
        kind.className = "suggest-kind";
        kind.textContent = r.kind;
        title.appendChild(kind);
      }
      highlighted(r.title, words).forEach(function (n) { title.appendChild(n); });
      a.appendChild(title);
      var meta = document.createElement("span");
      meta.className = "suggest-meta";
      meta.textContent = r.meta || "";
      a.appendChild(meta);
      li.appendChild(a);
      li.addEventListener("mousedown", function (e) { e.preventDefault(); });
      return li;
    });
    // A suggestion chosen with the keys stays chosen when the answer
    // to a later keystroke lists it again.
    var chosen = active >= 0 && list.querySelectorAll("[role=option] a")[active];
    var keep = chosen ? rows.findIndex(function (r) { return r.url === chosen.getAttribute("href"); }) : -1;
    list.replaceChildren.apply(list, items);
    active = -1;
    input.removeAttribute("aria-activedescendant");
    list.hidden = items.length === 0;
    input.setAttribute("aria-expanded", String(!list.hidden));
    if (keep >= 0) {
      choose(keep);
    }
  }

  function getJSON(url, signal) {
    return fetch(url, { signal: signal }).then(function (r) { return r.ok ? r.json() : {}; });
  }

  function loadLists(signal) {
    if (!lists) {
      lists = Promise.all([
        getJSON(t.speakers + "?size=100", signal),
        getJSON(t.topics + "?lang=" + (document.documentElement.lang || "en"), signal),
        getJSON(t.events + "?size=100", signal),
      ]).catch(function (e) {
        lists = null;
        throw e;
      });
    }
    return lists;
  }

  // entitiesFor picks the speakers, topics and events whose names have
  // every word of q, at most two of each.
  function entitiesFor(q, l) {
    var words = q.split(/\s+/).filter(Boolean).map(fold);
    function matches(names) {
      var hay = fold(names.join(" "));
      return words.every(function (w) { return hay.indexOf(w) >= 0; });
    }
    var out = [];
    (l[0].speakers || []).filter(function (s) { return matches([s.name, s.slug]); }).slice(0, 2).forEach(function (s) {
      out.push({ kind: t.speaker, title: s.name, url: s.url, meta: "" });
    });
    (l[1].topics || []).filter(function (tp) {
      var names = [tp.label, tp.slug];
      Object.keys(tp.labels || {}).forEach(function (k) { names.push(tp.labels[k]); });
      Object.keys(tp.aliases || {}).forEach(function (k) { names = names.concat(tp.aliases[k]); });
      return tp.posts + tp.talks > 0 && matches(names);
    }).slice(0, 2).forEach(function (tp) {
      out.push({ kind: t.topic, title: tp.label, url: tp.url, meta: "" });
    });
    (l[2].events || []).filter(function (e) { return matches([e.name]); }).slice(0, 2).forEach(function (e) {
      out.push({ kind: t.event, title: e.name, url: e.url, meta: e.date ? e.date.slice(0, 4) : "" });
    });
    return out;
  }

  function lookup() {
    var q = input.value.trim();
    if (q.length < 2) {
      close();
      return;
    }
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    var signal = pending.signal;
    Promise.all([
      getJSON(t.suggest + "?size=6&q=" + encodeURIComponent(q), signal),
      loadLists(signal).then(function (l) { return entitiesFor(q, l); }, function () { return []; }),
    ]).then(function (r) {
      if (input.value.trim() === q) {
        show(q, r[1], r[0].hits || []);
      }
    }).catch(function (e) {
      if (e.name !== "AbortError") {
        close();
      }
    });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      close();
    } else if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (list.hidden) {
        if (list.children.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        return;
      }
      e.preventDefault();
      choose(active + (e.key === "ArrowDown" ? 1 : -1));
    } else if (e.key === "Enter" && openChosen()) {
      e.preventDefault();
    }
  });
  // Enter may also reach the form as a submission (some input methods
  // send it as a character): with a suggestion chosen, it opens that.
  form.addEventListener("submit", function (e) {
    if (openChosen()) {
      e.preventDefault();
    }
  });

  // openChosen opens the suggestion chosen with the arrow keys, if any.
  function openChosen() {
    var a = !list.hidden && active >= 0 && list.querySelectorAll("[role=option] a")[active];
    if (!a) {
      return false;
    }
    window.location.assign(a.href);
    return true;
  }
  input.addEventListener("blur", close);
})();
