// The SPARQL editor: YASGUI pointed at this server's /sparql, with the named-query library as examples.
// Nothing here may reach past this server: the completers that ask Linked Open Vocabularies (class, property)
// are removed, prefixes come from the list bundled in YASQE (prefixCcApi stays null), there is no CORS proxy,
// the endpoint catalogue offers this endpoint only, and an endpoint named in a shared link is replaced by it.
(function () {
  "use strict";
  const root = document.getElementById("yasgui");
  const library = JSON.parse(document.getElementById("library").textContent);
  const endpoint = new URL(root.dataset.endpoint, window.location.href).href;
  const entityBase = root.dataset.entityBase;
  const reportBase = root.dataset.reportBase;

  const Yasqe = Yasgui.Yasqe;
  delete Yasqe.Autocompleters.property;
  delete Yasqe.Autocompleters.class;
  Yasqe.defaults.autocompleters = ["variables", "prefixes"];
  Yasqe.defaults.prefixCcApi = null;
  Yasqe.defaults.requestConfig.endpoint = endpoint;
  Yasqe.defaults.value = library[0].text;
  Yasgui.defaults.corsProxy = undefined;
  Yasgui.defaults.yasr.defaultPlugin = "table";

  const yasgui = new Yasgui(root, {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }], keys: [] },
    corsProxy: undefined,
    persistenceId: "kg-editor",
    populateFromUrl: (config) => {
      config.requestConfig.endpoint = endpoint;
      return config;
    },
    copyEndpointOnNewTab: true,
    autofocus: false,
    tabName: "查询 Query",
    yasqe: { autocompleters: ["variables", "prefixes"], prefixCcApi: null },
    yasr: { defaultPlugin: "table", pluginOrder: ["table", "response"] },
  });

  // Every tab, restored or new, asks this server only.
  function pin(tab) {
    if (tab && tab.getEndpoint() !== endpoint) tab.setEndpoint(endpoint);
  }
  for (const id of Object.keys(yasgui._tabs)) pin(yasgui.getTab(id));
  yasgui.on("tabAdd", (_, id) => setTimeout(() => pin(yasgui.getTab(id)), 0));
  yasgui.on("tabSelect", (_, id) => pin(yasgui.getTab(id)));
  yasgui.on("queryBefore", (_, tab) => pin(tab));

  // IRIs of entities, reports and spans in the results open this UI's pages.
  function localHref(iri) {
    if (iri.startsWith(entityBase)) {
      const key = iri.slice(entityBase.length);
      if (key && !key.includes("/")) return "/entity/" + encodeURIComponent(decodeURIComponent(key));
    }
    if (iri.startsWith(reportBase)) {
      const parts = iri.slice(reportBase.length).split("/");
      const doc = "/report/" + encodeURIComponent(decodeURIComponent(parts[0]));
      if (parts.length === 1) return doc;
      if (parts[1] === "span" && /^\d+-\d+$/.test(parts[2] || "")) return doc + "#c" + parts[2];
    }
    return null;
  }
  function relink(el) {
    for (const a of el.querySelectorAll("a[href]")) {
      const local = localHref(a.getAttribute("href"));
      if (local) {
        a.setAttribute("href", local);
        a.removeAttribute("target");
      }
    }
  }
  new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) if (n.nodeType === 1) relink(n);
  }).observe(root, { childList: true, subtree: true });

  // The library: a click loads the question into the current tab, names the tab after it and runs it.
  const byName = new Map(library.map((q) => [q.name, q]));
  for (const button of document.querySelectorAll("button.example")) {
    button.addEventListener("click", () => {
      const q = byName.get(button.dataset.name);
      if (!q) return;
      const tab = yasgui.getTab();
      pin(tab);
      tab.setQuery(q.text);
      tab.setName(q.title_zh);
      for (const b of document.querySelectorAll("button.example")) b.classList.toggle("active", b === button);
      tab.query().catch(() => {});
    });
  }
  window.kgYasgui = yasgui;
})();
