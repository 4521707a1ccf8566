/**
 * The report as one self-contained HTML page: styles, data and scripts
 * (d3 and Observable Plot, read from their packages) inline, so that it
 * opens from `file://` with no network. Documents' text is escaped here,
 * never handed to the page as markup.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { CHART_IDS, drawCharts } from './charts.js';
import type { ReportData, ThresholdExamples } from './data.js';
import type { SampledDoc } from './sample.js';

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char] as string);
}

/** JSON that can sit inside a `<script>` element: no `<` can close it. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** A package's browser bundle, as its own package ships it. */
async function browserBundle(packageName: string, file: string): Promise<string> {
  const entry = import.meta.resolve(packageName);
  const bundle = await readFile(fileURLToPath(new URL(file, entry)), 'utf8');
  // A bundle that held `</script` would end the element early: none does, and this keeps it so.
  return bundle.replace(/<\/script/gi, '<\\/script');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 960px; padding: 16px 24px 64px; color: #222; }
h1 { font-size: 22px; } h2 { font-size: 18px; margin-top: 36px; border-bottom: 1px solid #ddd; } h3 { font-size: 15px; }
figure { margin: 12px 0; } figcaption, .note { color: #555; font-size: 13px; }
nav a { margin-right: 12px; } .empty { color: #888; font-style: italic; }
table { border-collapse: collapse; width: 100%; font-size: 12px; margin: 6px 0 18px; }
th, td { border: 1px solid #ddd; padding: 4px 6px; text-align: left; vertical-align: top; }
td.text { white-space: pre-wrap; word-break: break-word; max-width: 560px; }
td.value { text-align: right; white-space: nowrap; }
`;

function figure(id: string, caption: string): string {
  return `<figure class="chart" id="chart-${id}" data-chart="${id}"><figcaption>${escapeHtml(caption)}</figcaption></figure>`;
}

function exampleRows(docs: ReadonlyArray<SampledDoc & { value: number }>): string {
  if (docs.length === 0) return '<p class="empty">None in the sample.</p>';
  const rows = docs.map(
    (doc) =>
      `<tr><td class="value">${escapeHtml(String(Math.round(doc.value * 10_000) / 10_000))}</td>` +
      `<td>${escapeHtml(doc.source)}<br><small>${escapeHtml(doc.id)}</small>${doc.language === undefined ? '' : `<br><small>${escapeHtml(doc.language)}</small>`}</td>` +
      `<td class="text">${escapeHtml(doc.excerpt)}</td></tr>`,
  );
  return `<table><thead><tr><th>value</th><th>source, id, language</th><th>text (start)</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function examplesSection(examples: ThresholdExamples): string {
  const { statistic } = examples;
  return (
    `<h3>Near ${escapeHtml(statistic.option)} = ${escapeHtml(String(statistic.threshold))}</h3>` +
    `<p class="note">Kept documents closest to the threshold:</p>${exampleRows(examples.kept)}` +
    `<p class="note">Documents ${escapeHtml(statistic.step)} rejected for ${escapeHtml(statistic.reason)}, closest to the threshold:</p>${exampleRows(examples.rejected)}`
  );
}

export async function renderReport(data: ReportData): Promise<string> {
  const [d3, plot] = await Promise.all([browserBundle('d3', '../dist/d3.min.js'), browserBundle('@observablehq/plot', '../dist/plot.umd.min.js')]);
  const { sample } = data;
  const sampleNote =
    `Charts of documents draw a sample: ${sample.kept} of ${sample.keptSeen} kept documents` +
    (sample.rejectedDir === undefined ? ' (the run wrote no rejected documents to read)' : ` and ${sample.rejected} of ${sample.rejectedSeen} rejected ones (from ${sample.rejectedDir})`) +
    `, every k-th document in shard order, at most ${sample.size} of each. Counts of documents and bytes come from the manifests and are exact.`;
  const statisticSections = data.charts.statistics.map((statistic, index) => {
    const examples = data.examples.find((entry) => entry.statistic.step === statistic.step && entry.statistic.option === statistic.option);
    return (
      `<h3>${escapeHtml(statistic.step)}: ${escapeHtml(statistic.label)}</h3>` +
      figure(
        `statistic-${index}`,
        statistic.threshold === null
          ? `${statistic.option} is off in this run: no threshold to draw.`
          : `The run rejects for ${statistic.reason} when the value is ${statistic.rejectsAbove ? 'over' : 'under'} ${statistic.option} = ${statistic.threshold}; ` +
              (statistic.step === 'language' ? 'the score is the one the run wrote (metadata.language_score).' : 'measured again on the text as written.'),
      ) +
      (examples === undefined ? '' : examplesSection(examples))
    );
  });
  const sections = [
    `<h2 id="stages">Documents at each stage</h2>${figure('waterfall', 'From the documents read to those written: each bar between is what a stage removed, by step and reason.')}`,
    `<h2 id="bytes">Bytes</h2>${figure('bytes', 'Bytes read, bytes of text written, and the shards as they are on disk (compressed where compressed).')}`,
    `<h2 id="lengths">Document length</h2>${figure('words', 'Words per document (the filters’ word splitting, in the document’s language).')}${figure('chars', 'Characters (code points) per document.')}`,
    `<h2 id="languages">Languages</h2>${figure('languages', 'Documents per language in the sample (metadata.language; the 30 most frequent).')}${figure('language-scores', 'Language score per language (the 15 most frequent), with the run’s threshold where it had one.')}`,
    `<h2 id="filters">Quality filters</h2>` +
      (statisticSections.length === 0 ? '<p class="empty">The run’s pipeline holds no quality filter.</p>' : statisticSections.join('')),
    `<h2 id="charsets">Charsets</h2>${figure('charsets', 'The charset each document was decoded with, coloured by where it came from (BOM, HTTP header, meta tag, detection…).')}`,
    `<h2 id="shards">Shards</h2>${figure('shards', 'Each shard’s size on disk; hover a bar for its document count.')}`,
    ...(data.errors.total === 0
      ? []
      : [
          `<h2 id="errors">Inputs that failed</h2><p class="note">${data.errors.total} in the manifests${data.errors.total > data.errors.listed.length ? `, the first ${data.errors.listed.length} here` : ''}.</p>` +
            `<table><thead><tr><th>source</th><th>reason</th></tr></thead><tbody>${data.errors.listed.map((error) => `<tr><td>${escapeHtml(error.source)}</td><td>${escapeHtml(error.reason)}</td></tr>`).join('')}</tbody></table>`,
        ]),
    ...(data.problems.length === 0 ? [] : [`<h2 id="problems">Shards the report could not read</h2><ul>${data.problems.slice(0, 50).map((problem) => `<li>${escapeHtml(problem)}</li>`).join('')}</ul>`]),
  ];
  const charts = `const data = JSON.parse(document.getElementById('report-data').textContent);\n(${drawCharts.toString()})(Plot, data, document, (message) => console.error(message));`;
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>clean-corpus report: ${escapeHtml(data.dir)}</title><style>${STYLE}</style></head><body>` +
    `<h1>clean-corpus report</h1>${data.summary.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}` +
    `<p class="note">Pipeline: ${escapeHtml(data.steps.join(' → ') || '(not recorded)')}. ${escapeHtml(sampleNote)}</p>` +
    `<nav>${['stages', 'bytes', 'lengths', 'languages', 'filters', 'charsets', 'shards'].map((id) => `<a href="#${id}">${id}</a>`).join('')}</nav>` +
    sections.join('\n') +
    `\n<script type="application/json" id="report-data">${scriptJson(data.charts)}</script>` +
    `\n<script>${d3}</script>\n<script>${plot}</script>\n<script>${charts}</script>\n</body></html>\n`
  );
}

/** Every chart the page draws, for checking that each drew its marks. */
export function chartIds(data: ReportData): string[] {
  return [...CHART_IDS, ...data.charts.statistics.map((_, index) => `statistic-${index}`)];
}
