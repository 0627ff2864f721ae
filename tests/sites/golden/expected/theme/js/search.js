// Site search with Pagefind: static files only, no server. Results are announced to screen
// readers through the status line, and the query lives in the URL (?q=) so a search can be shared.
const script = document.querySelector("script[data-pagefind]"); // module scripts have no currentScript
const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const where = document.getElementById("search-where"); // filter by platform, when the archive exists
const MAX_RESULTS = 20;

let pagefind;
async function engine() {
  if (!pagefind) {
    pagefind = await import(script.dataset.pagefind);
    await pagefind.init();
  }
  return pagefind;
}

function say(template, values) {
  status.textContent = template.replace(/\{(\w+)\}/g, (_, key) => values[key] ?? "");
}

async function run(query) {
  list.replaceChildren();
  if (!query.trim()) {
    status.textContent = "";
    return;
  }
  say(status.dataset.searching, {});
  const filters = where && where.value ? { plattform: where.value } : {};
  const search = await (await engine()).search(query, { filters });
  const found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  for (const page of found) {
    const item = document.createElement("li");
    const heading = document.createElement("h2");
    const link = document.createElement("a");
    link.href = page.url;
    link.textContent = page.meta.title || page.url;
    heading.append(link);
    const excerpt = document.createElement("p");
    // Pagefind's excerpt is our own page text, escaped by Pagefind, with <mark> around hits.
    excerpt.innerHTML = page.excerpt;
    item.append(heading, excerpt);
    list.append(item);
  }
  const n = search.results.length;
  const template = n === 0 ? status.dataset.none : n === 1 ? status.dataset.countOne : status.dataset.count;
  say(template, { n, q: query });
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const query = input.value;
  const place = where && where.value ? `&i=${encodeURIComponent(where.value)}` : "";
  history.replaceState(null, "", `?q=${encodeURIComponent(query)}${place}`);
  run(query);
});

const params = new URLSearchParams(location.search);
const initial = params.get("q");
if (where && params.get("i")) where.value = params.get("i");
if (initial) {
  input.value = initial;
  run(initial);
}
