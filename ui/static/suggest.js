// Search as you type: while the visitor types, the top hits for what is in
// the box (the last word matched as a prefix) appear under it. The form
// still works without this script.
(function () {
  "use strict";
  var input = document.querySelector("form.search input[name=q]");
  if (!input || !window.fetch || !window.AbortController) {
    return;
  }
  var form = input.form;
  var list = document.createElement("ul");
  list.className = "suggest";
  list.id = "suggest";
  list.hidden = true;
  list.setAttribute("role", "listbox");
  form.appendChild(list);
  input.setAttribute("aria-controls", "suggest");

  var timer = 0;
  var pending = null;

  function hide() {
    list.hidden = true;
  }

  function show(hits) {
    var items = hits.map(function (h) {
      var li = document.createElement("li");
      li.setAttribute("role", "option");
      li.lang = h.lang;
      var a = document.createElement("a");
      a.href = h.url;
      a.textContent = h.title;
      var meta = document.createElement("span");
      meta.className = "suggest-meta";
      meta.textContent = h.type + " · " + h.lang + (h.date ? " · " + h.date.slice(0, 4) : "");
      a.appendChild(meta);
      li.appendChild(a);
      return li;
    });
    list.replaceChildren.apply(list, items);
    list.hidden = items.length === 0;
  }

  function lookup() {
    var q = input.value.trim();
    if (q.length < 2) {
      hide();
      return;
    }
    if (pending) {
      pending.abort();
    }
    pending = new AbortController();
    fetch(form.dataset.suggest + "?size=6&q=" + encodeURIComponent(q), { signal: pending.signal })
      .then(function (r) { return r.ok ? r.json() : { hits: [] }; })
      .then(function (d) { show(d.hits || []); })
      .catch(function (e) {
        if (e.name !== "AbortError") {
          hide();
        }
      });
  }

  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(lookup, 150);
  });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Escape") {
      hide();
    } else if (e.key === "ArrowDown" && !list.hidden) {
      e.preventDefault();
      list.querySelector("a").focus();
    }
  });
  list.addEventListener("keydown", function (e) {
    var li = document.activeElement && document.activeElement.parentNode;
    if (e.key === "ArrowDown" && li && li.nextSibling) {
      e.preventDefault();
      li.nextSibling.querySelector("a").focus();
    } else if (e.key === "ArrowUp") {
      e.preventDefault();
      if (li && li.previousSibling) {
        li.previousSibling.querySelector("a").focus();
      } else {
        input.focus();
      }
    } else if (e.key === "Escape") {
      hide();
      input.focus();
    }
  });
  document.addEventListener("click", function (e) {
    if (!form.contains(e.target)) {
      hide();
    }
  });
})();
