// The header's search box: names suggested from /api/search as you type; picking one opens its entity page.
(function () {
  "use strict";
  const input = document.querySelector("header.site form.search input[name=q]");
  const list = document.getElementById("search-suggestions");
  if (!input || !list) return;
  let urls = new Map();
  let timer = null;
  let last = "";

  function suggest() {
    const q = input.value.trim();
    if (q === last) return;
    last = q;
    if (!q) { list.replaceChildren(); urls = new Map(); return; }
    fetch("/api/search?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
      .then((r) => (r.ok ? r.json() : { results: [] }))
      .then((data) => {
        if (input.value.trim() !== q) return;
        const options = [];
        urls = new Map();
        for (const r of data.results.slice(0, 12)) {
          if (!r.url || urls.has(r.label_zh)) continue;
          urls.set(r.label_zh, r.url);
          const option = document.createElement("option");
          option.value = r.label_zh;
          option.textContent = r.label_en ? r.label_zh + " · " + r.label_en : r.label_zh;
          options.push(option);
        }
        list.replaceChildren(...options);
      })
      .catch(() => {});
  }

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(suggest, 150);
  });
  input.addEventListener("change", () => {
    const url = urls.get(input.value.trim());
    if (url) window.location.assign(url);
  });
})();
