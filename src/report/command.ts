/** `clean-corpus report DIR [-o FILE]`: one self-contained HTML page about a run. */
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Command } from 'commander';
import { parseCommandLine, positiveInteger } from '../arguments.js';
import type { CliIo } from '../cli.js';
import { displayPath, formatBytes } from '../format.js';
import { describeFsError } from '../readers/errors.js';
import { buildReport, REPORT_DEFAULTS } from './data.js';
import { renderReport } from './html.js';

interface ReportFlags {
  output: string;
  sample: number;
}

export async function reportCommand(argv: readonly string[], io: Pick<CliIo, 'stdout' | 'stderr'>): Promise<number> {
  const program = new Command()
    .name('clean-corpus report')
    .description('Draw a run folder (its manifests and shards, every task\'s) as one self-contained HTML page: no server, no network.')
    .argument('<dir>', 'the output folder of a clean-corpus or clean-corpus dedup run')
    .option('-o, --output <file>', 'the HTML file to write (replaced if it exists)', 'report.html')
    .option('--sample <n>', 'documents sampled from the kept shards, and as many from the rejected ones', positiveInteger, REPORT_DEFAULTS.sampleSize);
  const finished = parseCommandLine(program, argv, io, 'clean-corpus report');
  if (finished !== undefined) return finished;
  const flags = program.opts<ReportFlags>();
  const dir = program.args[0] as string;
  const started = performance.now();
  const warn = (message: string): void => void io.stderr.write(`clean-corpus report: ${message}\n`);
  const data = await buildReport({ dir, sampleSize: flags.sample, warn });
  if ('error' in data) {
    io.stderr.write(`clean-corpus report: ${data.error}\n`);
    return 2;
  }
  for (const problem of data.problems.slice(0, 20)) warn(problem);
  const page = await renderReport(data);
  // Written whole under a temporary name and renamed: an open report is never half replaced.
  const temp = path.join(path.dirname(flags.output), `.${path.basename(flags.output)}.tmp`);
  try {
    await writeFile(temp, page);
    await rename(temp, flags.output);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    io.stderr.write(`clean-corpus report: ${displayPath(flags.output)}: ${describeFsError(error)}\n`);
    return 2;
  }
  io.stderr.write(
    `clean-corpus report: ${displayPath(flags.output)} (${formatBytes(Buffer.byteLength(page))}), ` +
      `${data.sample.kept + data.sample.rejected} documents sampled of ${data.sample.keptSeen + data.sample.rejectedSeen}; ${((performance.now() - started) / 1000).toFixed(2)} s\n`,
  );
  return 0;
}
