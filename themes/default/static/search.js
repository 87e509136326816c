// Quire default theme: search over /search-index.json.
// Progressive enhancement: the form is `hidden` in the HTML and only shown
// here, so readers without JavaScript see the plain list of posts.
// The index is an array of {title, url, date, categories, summary, words}.
// Results are built with textContent only: nothing from the index is parsed
// as HTML.
(function () {
  "use strict";
  var form = document.querySelector("form.search[data-index]");
  var results = document.getElementById("Search-results");
  if (!form || !results || !window.fetch) {
    return;
  }
  var input = form.querySelector("input[type=search]");
  var index = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(form.getAttribute("data-index"))
        .then(function (r) {
          if (!r.ok) {
            throw new Error("search index: HTTP " + r.status);
          }
          return r.json();
        })
        .then(function (data) {
          index = Array.isArray(data) ? data : [];
          return index;
        });
    }
    return loading;
  }

  function terms(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Every term must match: a whole word of the entry or the start of one.
  function matches(entry, query) {
    var hay = " " + [entry.title, (entry.categories || []).join(" "), entry.words || ""]
      .join(" ").toLowerCase();
    return query.every(function (t) {
      return hay.indexOf(" " + t) !== -1 || (entry.title || "").toLowerCase().indexOf(t) !== -1;
    });
  }

  function show(query) {
    results.textContent = "";
    if (query.length === 0) {
      return;
    }
    var found = index.filter(function (e) { return matches(e, query); });
    var heading = document.createElement("p");
    heading.textContent = found.length === 1 ? "1 post found" : found.length + " posts found";
    results.appendChild(heading);
    if (found.length === 0) {
      return;
    }
    var list = document.createElement("ol");
    found.slice(0, 30).forEach(function (e) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      var url = String(e.url || "");
      // Only site-relative URLs: the index is ours, but stay defensive.
      link.href = url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "#";
      link.textContent = e.title || url;
      item.appendChild(link);
      if (e.summary) {
        var p = document.createElement("p");
        p.textContent = e.summary;
        item.appendChild(p);
      }
      list.appendChild(item);
    });
    results.appendChild(list);
  }

  function run() {
    var query = terms(input.value);
    load().then(function () { show(query); }, function () {
      results.textContent = "Search is unavailable right now; the list below has every post.";
    });
  }

  form.hidden = false;
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    run();
  });
  input.addEventListener("input", run);
  input.addEventListener("focus", function () { load().catch(function () {}); }, { once: true });
  var initial = new URLSearchParams(window.location.search).get("q");
  if (initial) {
    input.value = initial;
    run();
  }
})();
