// The independent oracle for tests/test_share_counting.py: npm twitter-text (the official JavaScript
// implementation) and Node's Intl.Segmenter. Reads one JSON string per line, answers one JSON object
// per line, so that one process serves a whole test.
const readline = require('readline');
const tt = require('twitter-text');

const segmenter = new Intl.Segmenter();
const graphemes = (text) => { let n = 0; for (const _ of segmenter.segment(text)) n++; return n; };

// Mastodon's rule as its spec states it: links (with a protocol, as twitter-text finds them) count
// 23, a remote mention @user@domain (domain at most 253 characters) counts as @user, the rest in
// grapheme clusters.
function mastodon(text) {
  const links = tt.extractUrlsWithIndices(text, { extractUrlsWithoutProtocol: false });
  let rewritten = '';
  let position = 0;
  for (const link of links) {
    rewritten += text.slice(position, link.indices[0]) + 'x'.repeat(23);
    position = link.indices[1];
  }
  rewritten += text.slice(position);
  rewritten = rewritten.replace(/(^|[^\w@/=])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)@([a-z0-9.-]*[a-z0-9])/gi,
    (all, before, user, domain) => (domain.length <= 253 ? `${before}@${user}` : all));
  return graphemes(rewritten);
}

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  const text = JSON.parse(line);
  const parsed = tt.parseTweet(text);
  process.stdout.write(JSON.stringify({ x: parsed.weightedLength, mastodon: mastodon(text), graphemes: graphemes(text) }) + '\n');
});
