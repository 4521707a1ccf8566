// Builds set/{sentences,short,docs}.jsonl from unpacked Debian packages in x/
// (see build-set.sh). Deterministic: fixed seed, sorted file lists.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';

const X = path.resolve('x');
const OUT = path.resolve('set');
const TARGET = { sentences: 200, short: 100, docs: 30 };
const DOC_MIN = 2700, DOC_MAX = 3300; // UTF-8 bytes
const LANGS = ['en', 'ru', 'de', 'ja', 'es', 'fr', 'zh', 'pt', 'it', 'pl', 'nl', 'tr', 'fa', 'vi', 'id', 'cs', 'ko', 'uk', 'ar', 'sv'];

// ---------- helpers ----------
function rng(seed) { // mulberry32
  return () => { seed |= 0; seed = (seed + 0x6d2b79f5) | 0; let t = Math.imul(seed ^ (seed >>> 15), 1 | seed); t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t; return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
}
function shuffle(a, r) { a = a.slice(); for (let i = a.length - 1; i > 0; i--) { const j = Math.floor(r() * (i + 1)); [a[i], a[j]] = [a[j], a[i]]; } return a; }
function walk(dir, re) {
  const out = [];
  if (!fs.existsSync(dir)) return out;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...walk(p, re)); else if (re.test(e.name)) out.push(p);
  }
  return out.sort();
}
const bytes = (s) => Buffer.byteLength(s, 'utf8');
const ENT = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', mdash: '—', ndash: '–', hellip: '…', laquo: '«', raquo: '»', copy: '©' };
function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === '#') { const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10); return String.fromCodePoint(cp); }
    return ENT[e.toLowerCase()] ?? m;
  });
}
const norm = (s) => s.replace(/[\u00a0\s]+/g, ' ').trim();
function fixCJK(s) { // remove line-join spaces between CJK characters
  return s.replace(/([\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])\s+(?=[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef])/g, '$1');
}

// ---------- language checks (independent of the models under test) ----------
const SCRIPT = {
  ru: /\p{Script=Cyrillic}/u, uk: /\p{Script=Cyrillic}/u,
  ja: /[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}ー]/u, zh: /\p{Script=Han}/u,
  ko: /\p{Script=Hangul}/u, fa: /\p{Script=Arabic}/u, ar: /\p{Script=Arabic}/u,
};
const LATIN = /\p{Script=Latin}/u;
// English left untranslated inside translations is the main source of label noise. Two guards:
// (1) exact match against English source text (GNOME C pages + English man pages), and
// (2) per-language "English marker" words: among the 400 most frequent English words, those whose
//     relative frequency in language L's own corpus is < 1/10 of their English frequency
//     (so Dutch 'is', Italian 'file', German 'was' are not markers, but 'the', 'click', 'used' are).
const EN_REF = new Set();
const MARKERS = {};
const normKey = (s) => s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
const words = (s) => s.toLowerCase().match(/\p{L}+/gu) || [];
function freq(paraLists) {
  const m = new Map(); let n = 0;
  for (const paras of paraLists) for (const p of paras) for (const w of words(p)) { m.set(w, (m.get(w) || 0) + 1); n++; }
  return { m, n };
}
function setupEnglish(enParaLists) {
  for (const paras of enParaLists) for (const p of paras) { EN_REF.add(normKey(p)); for (const s of splitSentences('en', p)) EN_REF.add(normKey(s)); }
  const f = freq(enParaLists);
  MARKERS.__en = { top: [...f.m.entries()].filter(([w]) => w.length > 1).sort((a, b) => b[1] - a[1]).slice(0, 400), n: f.n };
}
// Core English words that are not ordinary words of the other Latin-script target languages; paragraphs
// containing any of them are left out when counting a language's own word frequencies.
const EN_CORE = new Set(['the', 'and', 'with', 'this', 'that', 'which', 'from', 'when', 'you', 'your', 'are', 'have', 'has', 'been', 'should', 'would', 'there', 'their', 'they', 'these', 'into', 'only', 'were', 'what', 'how', 'must', 'than', 'then', 'other', 'such', 'does', 'each', 'any']);
function setupMarkers(lang, paraLists) {
  const f = freq(paraLists.map((paras) => paras.filter((p) => !words(p).some((w) => EN_CORE.has(w)))));
  MARKERS[lang] = new Set(MARKERS.__en.top.filter(([w, c]) => ((f.m.get(w) || 0) / f.n) < 0.1 * (c / MARKERS.__en.n)).map(([w]) => w));
}
function letters(s) { return s.match(/\p{L}/gu) || []; }
function scriptOk(lang, s, minRatio) {
  const L = letters(s);
  if (L.length === 0) return false;
  if (lang !== 'en' && EN_REF.has(normKey(s))) return false;
  if (SCRIPT[lang]) {
    const n = L.filter((c) => SCRIPT[lang].test(c)).length;
    if (n / L.length < minRatio) return false;
    if (lang === 'zh' && /[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(s)) return false;
    if (lang === 'ru' && /[іїєґІЇЄҐ]/.test(s)) return false;
    if (lang === 'fa' && !/[پچژگکی]/.test(s) && L.length > 40) return false; // Persian-specific letters expected in longer text
    if (lang === 'ar' && /[پچژگ]/.test(s)) return false;
    return true;
  }
  // Latin-script languages: only Latin letters
  if (L.some((c) => !LATIN.test(c))) return false;
  if (lang === 'en') return true;
  const toks = words(s);
  const hits = toks.filter((t) => MARKERS[lang].has(t)).length;
  if (hits >= 2 && hits / toks.length >= 0.15) return false;
  if (hits >= 1 && toks.length <= 5) return false;
  if (hits >= 4 && hits / toks.length >= 0.05) return false;
  return true;
}
const CODEY = /[\/\\{}<>=_$|@#*\[\]~^`%]|--|https?:|\.\w{2,4}\b(?=\s|$)|\w\.\w/;
function paraOk(lang, s) { // medium filter for docs / short texts
  if (!scriptOk(lang, s, 0.6)) return false;
  const ns = s.replace(/\s/g, '');
  if (ns.length === 0) return false;
  return letters(s).length / ns.length >= 0.65;
}
const CASELESS = new Set(['ja', 'zh', 'ko', 'fa', 'ar']);
function sentenceOk(lang, s) { // strict filter for the sentence tier
  if (s.length < 20 || s.length > 200) return false;
  if (!scriptOk(lang, s, 0.8)) return false;
  if (CODEY.test(s)) return false;
  if (/\d{3,}/.test(s)) return false;
  const ns = s.replace(/\s/g, '');
  if (letters(s).length / ns.length < 0.8) return false;
  if (!/[.!?。！？؟]["»”)」』]?$/.test(s)) return false;
  if (!/^[\p{L}"«„“(「『¿¡]/u.test(s)) return false;
  if (!CASELESS.has(lang) && !/^[\p{Lu}"«„“(¿¡]/u.test(s)) return false;
  if (!['ja', 'zh'].includes(lang) && (s.match(/\p{L}+/gu) || []).length < 4) return false;
  if (/copyright|\(c\)/i.test(s)) return false;
  if (!CASELESS.has(lang) && lang !== 'de') { // drop name lists such as "Written by A. B and C. D."
    const w = s.match(/\p{L}+/gu).slice(1);
    if (w.length <= 8 && w.filter((x) => /^\p{Lu}/u.test(x)).length / w.length >= 0.5) return false;
  }
  return true;
}
function splitSentences(lang, p) {
  let parts;
  if (lang === 'ja' || lang === 'zh') parts = p.split(/(?<=[。！？])\s*|(?<=[.!?])\s+(?=[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}「])/u);
  else if (CASELESS.has(lang)) parts = p.split(/(?<=[.!?؟])\s+/u);
  else parts = p.split(/(?<=[.!?]["»”)]?)(?<!(?:^|\s)\p{Lu}\.)\s+(?=["«„“(¿¡]?\p{Lu})/u);
  return parts.map((x) => x.trim()).filter(Boolean);
}

// ---------- extractors: each returns [{file, paras: [string]}] ----------
function readMaybeGz(f) { const b = fs.readFileSync(f); return f.endsWith('.gz') ? zlib.gunzipSync(b) : b; }
function manPages(dir, lang, label) {
  const files = walk(dir, /\.\d\w*(\.gz)?$/).filter((f) => !fs.lstatSync(f).isSymbolicLink());
  const out = [];
  for (const f of files) {
    let src = readMaybeGz(f);
    if (src.length < 200 || /^\.so /m.test(src.slice(0, 200).toString())) continue;
    let txt;
    try {
      txt = execFileSync('groff', ['-k', '-mandoc', '-Tutf8', '-rLL=4000n', '-rHY=0', '-P-cbou'], { input: src, maxBuffer: 64 << 20, stdio: ['pipe', 'pipe', 'ignore'] }).toString();
    } catch { continue; }
    const lines = txt.split('\n');
    const paras = []; let section = -1;
    for (const line of lines.slice(1, -2)) {
      if (!line.trim()) continue;
      if (/^\S/.test(line)) { section++; continue; } // section header
      if (section < 2) continue; // skip NAME and SYNOPSIS
      let p = norm(line);
      if (lang === 'ja' || lang === 'zh') p = fixCJK(p);
      paras.push(p);
    }
    out.push({ file: `${label}:${path.basename(f).replace(/\.gz$/, '')}`, paras });
  }
  return out;
}
function stripXml(s) { return norm(decodeEntities(s.replace(/<[^>]+>/g, ' '))); }
function mallard(dir, lang, label) {
  const out = [];
  for (const f of walk(dir, /\.page$/)) {
    let s = fs.readFileSync(f, 'utf8');
    s = s.replace(/<!--[\s\S]*?-->/g, '').replace(/<info>[\s\S]*?<\/info>/g, '')
      .replace(/<(code|screen|media|cmd|key|keyseq|sys|input|output|file|app)\b[^>]*\/>/g, ' ')
      .replace(/<(code|screen|sys|input|output|file)\b[^>]*>[\s\S]*?<\/\1>/g, ' ');
    const paras = [];
    for (const m of s.matchAll(/<(p|title|desc)\b[^>]*>([\s\S]*?)<\/\1>/g)) {
      let p = stripXml(m[2]).replace(/\s+([.,;:!?،。、])/g, '$1');
      if (lang === 'ja' || lang === 'zh') p = fixCJK(p);
      if (p) paras.push(p);
    }
    out.push({ file: `${label}:${path.basename(f, '.page')}`, paras });
  }
  return out;
}
function html(dir, lang, label, re = /\.html?$/) {
  const out = [];
  for (const f of walk(dir, re)) {
    let s = fs.readFileSync(f, 'utf8');
    s = s.replace(/<(script|style|pre|code|head)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<!--[\s\S]*?-->/g, '')
      .replace(/<br\s*\/?>/gi, ' ').replace(/<\/(p|li|h\d|td|th|div|dt|dd|title)>/gi, '\n\n');
    const paras = s.split(/\n\s*\n/).map(stripXml).map((p) => p.replace(/\s+([.,;:!?])/g, '$1')).filter(Boolean);
    out.push({ file: `${label}:${path.relative(dir, f)}`, paras });
  }
  return out;
}
function ftlAndProperties(dir, label) {
  const out = [];
  const clean = (v) => norm(decodeEntities(v.replace(/\{\s*-brand[\w-]*\s*\}/g, 'Firefox').replace(/\{\s*-vendor[\w-]*\s*\}/g, 'Mozilla')
    .replace(/<[^>]+>/g, ' ').replace(/%(\d\$)?[SDd]|%\d|#\d/g, ' ')));
  for (const f of walk(dir, /\.(ftl|properties)$/)) {
    const src = fs.readFileSync(f, 'utf8').split('\n');
    const vals = [];
    if (f.endsWith('.ftl')) {
      let cur = null;
      const flush = () => { if (cur != null) vals.push(cur); cur = null; };
      for (const line of src) {
        let m;
        if (/^\s*#/.test(line) || !line.trim()) { flush(); continue; }
        if ((m = line.match(/^-?[A-Za-z][\w-]*\s*=\s*(.*)$/))) { flush(); cur = m[1]; }
        else if ((m = line.match(/^\s+\.[\w-]+\s*=\s*(.*)$/))) { flush(); cur = m[1]; }
        else if (/^\s+/.test(line) && cur != null) cur += ' ' + line.trim();
        else flush();
      }
      flush();
    } else {
      for (const line of src) {
        const m = line.match(/^\s*([^#!=\s][^=]*?)\s*=\s*(.*)$/);
        if (m) vals.push(m[2].replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\n/g, ' ').replace(/\\(.)/g, '$1'));
      }
    }
    const paras = vals.filter((v) => !/\{|\}|\*\[|^\s*\[/.test(v.replace(/\{\s*-(brand|vendor)[\w-]*\s*\}/g, ''))).map(clean).filter((v) => v.length >= 15);
    out.push({ file: `${label}:${path.basename(f)}`, paras });
  }
  return out;
}
function moFile(f) {
  const b = fs.readFileSync(f);
  let le = b.readUInt32LE(0) === 0x950412de;
  const u32 = (o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const n = u32(8), oT = u32(16);
  const res = [];
  for (let i = 0; i < n; i++) {
    const len = u32(oT + i * 8), off = u32(oT + i * 8 + 4);
    const s = b.subarray(off, off + len).toString('utf8').split('\0')[0];
    if (s && !s.startsWith('Project-Id-Version')) res.push(s);
  }
  return res;
}
function moDir(dir, label) {
  return walk(dir, /\.mo$/).map((f) => ({
    file: `${label}:${path.basename(f)}`,
    paras: moFile(f).map((v) => norm(v.replace(/~/g, '').replace(/%\w+%|\$\w+\$|%\d|%[sd]/g, ' ').replace(/<[^>]+>/g, ' '))).filter((v) => v.length >= 15),
  }));
}

// ---------- sources per language ----------
const G = `${X}/gnome-user-docs/usr/share/help`;
const man = (pkg, sub, lang) => manPages(`${X}/${pkg}/usr/share/man/${sub}`, lang, pkg);
const gnome = (loc, lang) => mallard(`${G}/${loc}/gnome-help`, lang, `gnome-user-docs/${loc}`);
const SOURCES = {
  en: () => [man('manpages', '', 'en'), gnome('C', 'en')],
  ja: () => [man('manpages-ja', 'ja', 'ja'), gnome('ja', 'ja')],
  zh: () => [man('manpages-zh', 'zh_CN', 'zh'), man('manpages-zh', 'zh_TW', 'zh'), gnome('zh_CN', 'zh')],
  tr: () => [man('manpages-tr', 'tr', 'tr'), gnome('tr', 'tr')],
  pt: () => [man('manpages-pt-br', 'pt_BR', 'pt'), gnome('pt_BR', 'pt'), gnome('pt', 'pt')],
  ko: () => [gnome('ko', 'ko'), html(`${X}/debian-faq-ko/usr/share/doc/debian/FAQ/ko`, 'ko', 'debian-faq-ko'), html(`${X}/libreoffice-help-ko/usr/share/libreoffice/help/ko/text`, 'ko', 'libreoffice-help-ko')],
  fa: () => [gnome('fa', 'fa'), ftlAndProperties(`${X}/firefox-esr-l10n-fa/xpi`, 'firefox-esr-l10n-fa'), moDir(`${X}/libreoffice-l10n-fa`, 'libreoffice-l10n-fa')],
  ar: () => [ftlAndProperties(`${X}/firefox-esr-l10n-ar/xpi`, 'firefox-esr-l10n-ar'), moDir(`${X}/libreoffice-l10n-ar`, 'libreoffice-l10n-ar')],
};
for (const l of ['de', 'fr', 'es', 'it', 'pl', 'nl', 'ru', 'uk', 'vi', 'cs', 'sv', 'id']) SOURCES[l] = () => [man(`manpages-${l}`, l, l), gnome(l, l)];

// ---------- tier building ----------
function build(lang, extracted) {
  const r = rng(0x5eed + LANGS.indexOf(lang));
  const seen = new Set();
  // per source: shuffled files with deduplicated, filtered paragraphs
  const srcs = extracted.map((files) => shuffle(files, r).map((f) => ({
    file: f.file,
    paras: f.paras.filter((p) => { if (seen.has(p)) return false; seen.add(p); return true; }),
  })).filter((f) => f.paras.length));
  // interleave sources file by file
  const queue = [];
  for (let i = 0; srcs.some((s) => i < s.length); i++) for (const s of srcs) if (i < s.length) queue.push(s[i]);
  const res = { sentences: [], short: [], docs: [] };
  let docBuf = null;
  const tiers = ['docs', 'short', 'sentences'];
  for (const f of queue) {
    const open = tiers.filter((t) => res[t].length < TARGET[t]);
    if (!open.length) break;
    open.sort((a, b) => res[a].length / TARGET[a] - res[b].length / TARGET[b]);
    const tier = open[0];
    if (tier === 'sentences') {
      let n = 0;
      for (const p of f.paras) for (const s of splitSentences(lang, p)) {
        if (n < 6 && res.sentences.length < TARGET.sentences && sentenceOk(lang, s)) { res.sentences.push({ lang, text: s, source: f.file }); n++; }
      }
    } else if (tier === 'short') {
      let n = 0;
      for (const p of f.paras) {
        if (n >= 3 || res.short.length >= TARGET.short) break;
        if (!paraOk(lang, p)) continue;
        let t = '';
        for (const s of splitSentences(lang, p)) {
          const joined = t ? t + (lang === 'ja' || lang === 'zh' ? '' : ' ') + s : s;
          if (joined.length > 300) break;
          t = joined;
          if (t.length >= 150) break;
        }
        if (t.length >= 100 && t.length <= 300 && !/[{}<>=\\$]|https?:/.test(t)) { res.short.push({ lang, text: t, source: f.file }); n++; }
      }
    } else {
      // docs: consecutive clean paragraphs; may continue into the next file assigned to docs
      for (const p of f.paras) {
        if (!paraOk(lang, p) || /https?:/.test(p)) continue;
        let q = p;
        if (bytes(q) > DOC_MAX) { // cut an overlong paragraph at a sentence boundary
          let t = '';
          for (const s of splitSentences(lang, q)) { if (bytes(t) + bytes(s) + 1 > DOC_MAX - 200) break; t = t ? t + ' ' + s : s; }
          if (!t) continue; q = t;
        }
        if (!docBuf) docBuf = { text: [], srcs: new Set() };
        if (bytes(docBuf.text.join('\n')) + bytes(q) + 1 > DOC_MAX) {
          if (bytes(docBuf.text.join('\n')) >= DOC_MIN) { res.docs.push({ lang, text: docBuf.text.join('\n'), source: [...docBuf.srcs].join(',') }); docBuf = { text: [], srcs: new Set() }; }
          else continue;
        }
        docBuf.text.push(q); docBuf.srcs.add(f.file);
        if (res.docs.length >= TARGET.docs) { docBuf = null; break; }
      }
    }
  }
  if (docBuf && bytes(docBuf.text.join('\n')) >= DOC_MIN && res.docs.length < TARGET.docs) res.docs.push({ lang, text: docBuf.text.join('\n'), source: [...docBuf.srcs].join(',') });
  return res;
}

fs.mkdirSync(OUT, { recursive: true });
const all = { sentences: [], short: [], docs: [] };
const only = process.argv[2] ? process.argv[2].split(',') : LANGS;
const SHOW_MARKERS = process.env.SHOW_MARKERS;
const EXTRACTED = {};
const t00 = Date.now();
for (const lang of LANGS) EXTRACTED[lang] = SOURCES[lang]();
console.log(`extracted sources in ${Date.now() - t00} ms`);
setupEnglish(EXTRACTED.en.map((src) => src.flatMap((f) => f.paras)));
for (const lang of LANGS) if (lang !== 'en' && !SCRIPT[lang]) setupMarkers(lang, EXTRACTED[lang].map((src) => src.flatMap((f) => f.paras)));
for (const lang of only) {
  const t0 = Date.now();
  const r = build(lang, EXTRACTED[lang]);
  for (const k of Object.keys(all)) all[k].push(...r[k]);
  const srcCount = (arr) => { const m = {}; for (const x of arr) for (const s of x.source.split(',')) { const k = s.split(':')[0]; m[k] = (m[k] || 0) + 1; } return Object.entries(m).map(([k, v]) => `${k}=${v}`).join(' '); };
  if (SHOW_MARKERS && MARKERS[lang]) console.log(lang, 'markers:', [...MARKERS[lang]].slice(0, 60).join(' '));
  console.log(`${lang}: sentences=${r.sentences.length} short=${r.short.length} docs=${r.docs.length} (${Date.now() - t0} ms) | sent: ${srcCount(r.sentences)} | short: ${srcCount(r.short)} | docs: ${srcCount(r.docs)}`);
}
if (only === LANGS) for (const k of Object.keys(all)) fs.writeFileSync(`${OUT}/${k}.jsonl`, all[k].map((x) => JSON.stringify(x)).join('\n') + '\n');
