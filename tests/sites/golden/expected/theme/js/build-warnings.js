// Preview only (never in a publishing build): show the last build's warnings on top of the page.
const me = document.currentScript;
const box = document.getElementById("build-warnings");
fetch(me.dataset.report, { cache: "no-store" })
  .then((response) => (response.ok ? response.json() : []))
  .then((warnings) => {
    if (!warnings.length) return;
    const list = box.querySelector("ul");
    // build_report merges repeats already; a Set keeps one line per problem all the same.
    for (const text of new Set(warnings)) {
      const item = document.createElement("li");
      item.textContent = text;
      list.append(item);
    }
    box.hidden = false;
    document.body.prepend(box);
  })
  .catch(() => {});
