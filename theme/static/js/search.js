// Site search with Pagefind: static files only, no server. Results follow the typing after a short
// pause, are announced to screen readers through the status line, and the query lives in the URL
// (?q=) so a search can be shared. Without JavaScript the form still sends ?q= to this page.
const script = document.querySelector("script[data-pagefind]"); // module scripts have no currentScript
const form = document.querySelector(".search-form");
const input = document.getElementById("search-input");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const where = document.getElementById("search-where"); // filter by platform, when the archive exists
const MAX_RESULTS = 20;
const TYPING_PAUSE_MS = 200;
const BLOG = "Blogg"; // the platform filter of the blog's own pages (article.html, page.html)
// Pagefind's meta "date" is the <time datetime> of the page; its first ten characters are the
// day the page shows, so it is formatted as that calendar day, whatever the reader's time zone.
const DAY = new Intl.DateTimeFormat(document.documentElement.lang || "sv",
  { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });

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

function shownDay(iso) {
  const day = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || "");
  return day && { iso: day[0], text: DAY.format(Date.UTC(+day[1], +day[2] - 1, +day[3])) };
}

// What the result is: a post or a note (meta "kind", article.html), an archived post (any platform
// filter but the blog's own), or a page (about, accessibility).
function kindOf(page) {
  const platform = (page.filters.plattform || [])[0];
  if (platform && platform !== BLOG) return [list.dataset.kindArchive, platform];
  const labels = { post: list.dataset.kindPost, note: list.dataset.kindNote };
  return [labels[page.meta.kind] || list.dataset.kindPage];
}

const words = (text) => text.trim().split(/\s+/).filter(Boolean);
const bare = (word) => word.replace(/[.,:;!?]+$/, "");
const inert = document.createElement("template"); // parses without loading or running anything
function textOf(html) {
  inert.innerHTML = html;
  return inert.content.textContent;
}

// Pagefind's excerpt is a window of whole words of the page text, escaped by Pagefind, with hits in
// <mark>. Drop the title the heading already shows, mark each cut with an ellipsis (after the last
// whole word, its trailing punctuation dropped), and keep punctuation outside the highlight.
function excerptHtml(page) {
  const content = words(page.content).join(" ");
  let shown = words(page.excerpt);
  const plain = shown.map(textOf); // word for word, as in the page text
  const at = content.indexOf(plain.join(" "));
  const cutBefore = at !== 0;
  const cutAfter = at < 0 || at + plain.join(" ").length < content.length;
  const title = words(page.meta.title || "");
  if (!cutBefore && title.length && title.every((word, i) => bare(word) === bare(plain[i] || ""))) {
    shown = shown.slice(title.length);
  }
  if (!shown.length) return "";
  if (cutAfter) {
    // Not ";", which ends an escaped character such as &amp;
    shown[shown.length - 1] = shown.at(-1).replace(/[.,:!?–—-]+(<\/mark>)?$/, "$1") + "…";
  }
  const html = (cutBefore ? "… " : "") + shown.join(" ");
  return html.replace(/([.,:!?]+)<\/mark>/g, "</mark>$1"); // not ";": see above
}

function resultItem(page) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title || page.url;
  heading.append(link);
  const about = document.createElement("p");
  about.className = "meta search-meta";
  about.append(kindOf(page).join(" · "));
  const day = shownDay(page.meta.date);
  if (day) {
    const time = document.createElement("time");
    time.dateTime = day.iso;
    time.textContent = day.text;
    about.append(" · ", time);
  }
  item.append(heading, about);
  const excerpt = excerptHtml(page);
  if (excerpt) {
    const text = document.createElement("p");
    text.className = "search-excerpt";
    text.innerHTML = excerpt; // our own page text, escaped by Pagefind
    item.append(text);
  }
  return item;
}

let latest = 0; // the newest search; an older one that finishes later is dropped
async function run(query) {
  const ticket = ++latest;
  if (!query.trim()) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  if (!pagefind) say(status.dataset.searching, {});
  let search, found;
  try {
    const filters = where && where.value ? { plattform: where.value } : {};
    search = await (await engine()).search(query, { filters });
    found = await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data()));
  } catch (error) {
    if (ticket === latest) say(status.dataset.failed, {});
    console.error(error);
    return;
  }
  if (ticket !== latest) return;
  list.replaceChildren(...found.map(resultItem));
  const n = search.results.length;
  const template = n === 0 ? status.dataset.none : n === 1 ? status.dataset.countOne : status.dataset.count;
  say(template, { n, q: query.trim() });
}

function searchNow() {
  clearTimeout(pause);
  const params = new URLSearchParams();
  if (input.value.trim()) params.set("q", input.value);
  if (where && where.value) params.set("i", where.value);
  history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  run(input.value);
}

let pause;
input.addEventListener("input", () => {
  clearTimeout(pause);
  pause = setTimeout(searchNow, TYPING_PAUSE_MS);
});
if (where) where.addEventListener("change", searchNow);
form.addEventListener("submit", (event) => {
  event.preventDefault();
  searchNow();
});

const params = new URLSearchParams(location.search);
if (where && params.get("i")) where.value = params.get("i");
if (params.get("q")) {
  input.value = params.get("q");
  run(input.value);
}
