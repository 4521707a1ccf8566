/**
 * The report's charts, drawn in the browser by Observable Plot into static
 * SVG. {@link drawCharts} is written into the page by its source text, so
 * it may use nothing but its arguments: no imports, no module-level names.
 */
import type * as PlotModule from '@observablehq/plot';
import type { ChartData } from './data.js';

/** The little of the DOM the charts need (the package is compiled without the DOM's types). */
export interface ChartPage {
  getElementById(id: string): { append(...nodes: unknown[]): void } | null;
  createElement(tag: string): { className: string; textContent: string | null };
}

/** Ids of the figures the page holds, one a chart; statistic charts are `chart-statistic-0`, `-1`, … */
export const CHART_IDS = ['waterfall', 'bytes', 'words', 'chars', 'languages', 'language-scores', 'charsets', 'shards'] as const;

export function drawCharts(Plot: typeof PlotModule, data: ChartData, page: ChartPage, report: (message: string) => void): void {
  // A statistic's chart tells the step's own rejections (for any of its reasons) from the others'.
  const outcomeColor = { legend: true, domain: ['kept', 'rejected by this step', 'rejected by another step'], range: ['#4c9a5a', '#d1495b', '#b8b8b8'] };
  const keptOrRejected = { legend: true, domain: ['kept', 'rejected'], range: ['#4c9a5a', '#e8a33d'] };
  const WIDTH = 880;
  const number = (value: number): string => value.toLocaleString('en');
  /** Counts drawn on a log scale are binned by their logarithm; ticks show the count again. */
  const logTick = (exponent: number): string => (Number.isInteger(exponent) ? number(10 ** exponent) : '');
  const log10 = (value: number): number => Math.log10(Math.max(1, value));

  const draw = (id: string, rows: number, build: () => unknown): void => {
    const figure = page.getElementById(`chart-${id}`);
    if (figure === null) return;
    if (rows === 0) {
      const note = page.createElement('p');
      note.className = 'empty';
      note.textContent = 'Nothing to draw: the run has no such documents, or the sample holds none.';
      figure.append(note);
      return;
    }
    try {
      figure.append(build());
    } catch (error) {
      report(`chart ${id}: ${String(error)}`);
    }
  };

  draw('waterfall', data.waterfall.length, () =>
    Plot.plot({
      width: WIDTH,
      marginLeft: 260,
      marginRight: 70,
      x: { label: 'documents', grid: true },
      y: { label: null, domain: data.waterfall.map((bar) => bar.stage) },
      color: { legend: true, domain: ['read', 'lost', 'written'], range: ['#5b7fa6', '#d1495b', '#4c9a5a'] },
      marks: [
        Plot.barX(data.waterfall, { y: 'stage', x1: 'start', x2: 'end', fill: 'kind' }),
        Plot.text(data.waterfall, { y: 'stage', x: 'end', text: (bar: { start: number; end: number }) => number(bar.end - bar.start), dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
  );

  draw('bytes', data.bytes.length, () =>
    Plot.plot({
      width: WIDTH,
      marginLeft: 260,
      marginRight: 90,
      x: { label: 'MB', grid: true, transform: (bytes: number) => bytes / 1e6 },
      y: { label: null, domain: data.bytes.map((row) => row.what) },
      marks: [
        Plot.barX(data.bytes, { y: 'what', x: 'bytes', fill: '#5b7fa6' }),
        Plot.text(data.bytes, { y: 'what', x: 'bytes', text: (row: { bytes: number }) => `${(row.bytes / 1e6).toFixed(2)} MB`, dx: 4, textAnchor: 'start' }),
        Plot.ruleX([0]),
      ],
    }),
  );

  for (const measure of ['words', 'chars'] as const) {
    draw(measure, data.lengths.length, () =>
      Plot.plot({
        width: WIDTH,
        x: { label: measure === 'words' ? 'words per document (log scale)' : 'characters per document (log scale)', tickFormat: logTick },
        y: { label: 'documents in the sample', grid: true },
        color: keptOrRejected,
        marks: [
          Plot.rectY(data.lengths, Plot.binX<PlotModule.RectYOptions>({ y: 'count' }, { x: (row: { words: number; chars: number }) => log10(row[measure]), fill: 'outcome', thresholds: 40 })),
          Plot.ruleY([0]),
        ],
      }),
    );
  }

  const languageOrder = [...new Set(data.languages.map((row) => row.language))].slice(0, 30);
  const shownLanguages = data.languages.filter((row) => languageOrder.includes(row.language));
  draw('languages', shownLanguages.length, () =>
    Plot.plot({
      width: WIDTH,
      marginLeft: 110,
      height: 30 + 22 * languageOrder.length,
      x: { label: 'documents in the sample', grid: true },
      y: { label: null, domain: languageOrder },
      color: keptOrRejected,
      marks: [Plot.barX(shownLanguages, { y: 'language', x: 'documents', fill: 'outcome' }), Plot.ruleX([0])],
    }),
  );

  const languageThreshold = data.statistics.find((statistic) => statistic.step === 'language')?.threshold ?? null;
  draw('language-scores', data.languageScores.length, () =>
    Plot.plot({
      width: WIDTH,
      marginLeft: 110,
      x: { label: 'language score', domain: [0, 1], grid: true },
      y: { label: null },
      marks: [
        Plot.boxX(data.languageScores, { x: 'score', y: 'language', fill: '#5b7fa6' }),
        ...(languageThreshold === null ? [] : [Plot.ruleX([languageThreshold], { stroke: '#d1495b', strokeWidth: 2 })]),
      ],
    }),
  );

  data.statistics.forEach((statistic, index) => {
    draw(`statistic-${index}`, statistic.values.length, () => {
      const at = (value: number): number => (statistic.log ? log10(value) : value);
      const threshold = statistic.threshold;
      return Plot.plot({
        width: WIDTH,
        x: { label: `${statistic.label}${statistic.log ? ' (log scale)' : ''}`, ...(statistic.log ? { tickFormat: logTick } : {}) },
        y: { label: 'documents in the sample', grid: true },
        color: outcomeColor,
        marks: [
          Plot.rectY(statistic.values, Plot.binX<PlotModule.RectYOptions>({ y: 'count' }, { x: (row: { value: number }) => at(row.value), fill: 'outcome', thresholds: 40 })),
          Plot.ruleY([0]),
          ...(threshold === null
            ? []
            : [
                Plot.ruleX([at(threshold)], { stroke: '#222', strokeWidth: 2, strokeDasharray: '4,3' }),
                Plot.text([at(threshold)], { x: (value: number) => value, frameAnchor: 'top', dy: -2, text: () => `${statistic.option} = ${threshold}`, textAnchor: 'start', dx: 4 }),
              ]),
        ],
      });
    });
  });

  draw('charsets', data.charsets.length, () =>
    Plot.plot({
      width: WIDTH,
      marginLeft: 130,
      x: { label: 'documents in the sample', grid: true },
      y: { label: null },
      color: { legend: true, scheme: 'tableau10' },
      marks: [Plot.barX(data.charsets, { y: 'charset', x: 'documents', fill: 'source', sort: { y: '-x' } }), Plot.ruleX([0])],
    }),
  );

  // Few shards are named one a row; many are drawn as a row of bars, each named by its tooltip.
  const fewShards = data.shards.length <= 40;
  const shardTitle = (shard: { shard: string; records: number }): string => `${shard.shard}: ${number(shard.records)} documents`;
  const shardColor = { legend: true, domain: ['kept', 'rejected'], range: ['#4c9a5a', '#d1495b'] };
  draw('shards', data.shards.length, () =>
    fewShards
      ? Plot.plot({
          width: WIDTH,
          marginLeft: 260,
          height: 40 + 22 * data.shards.length,
          x: { label: 'MB on disk', grid: true, transform: (bytes: number) => bytes / 1e6 },
          y: { label: null, domain: data.shards.map((shard) => shard.shard) },
          color: shardColor,
          marks: [Plot.barX(data.shards, { y: 'shard', x: 'bytes', fill: 'kind', title: shardTitle }), Plot.ruleX([0])],
        })
      : Plot.plot({
          width: WIDTH,
          x: { axis: null, domain: data.shards.map((shard) => shard.shard) },
          y: { label: 'MB on disk', grid: true, transform: (bytes: number) => bytes / 1e6 },
          color: shardColor,
          marks: [Plot.barY(data.shards, { x: 'shard', y: 'bytes', fill: 'kind', title: shardTitle }), Plot.ruleY([0])],
        }),
  );
}
