import type { Writable } from 'node:stream';
import type cliProgress from 'cli-progress';

const MB = 1024 * 1024;

/**
 * A progress bar on a terminal's stderr: files and MB done, MB/s and the
 * time left. Drawn by cli-progress; messages printed while it runs go above it.
 */
export class Progress {
  private filesDone = 0;
  private bytesDone = 0;
  private stopped = false;
  private readonly started = performance.now();

  private constructor(
    private readonly stream: Writable,
    private readonly bars: cliProgress.MultiBar,
    private readonly bar: cliProgress.SingleBar,
    private readonly files: number,
  ) {}

  /** `sizes`: the files' sizes, one per path, as the discovery looked them up (discover-task.ts). */
  static async start(stream: Writable, paths: readonly string[], sizes: Float64Array): Promise<Progress> {
    let totalBytes = 0;
    for (const size of sizes) totalBytes += size;
    // Loaded only for a terminal: it costs 30 ms of start-up.
    const { default: progressLibrary } = await import('cli-progress');
    const bars = new progressLibrary.MultiBar(
      {
        stream: stream as NodeJS.WriteStream,
        format: '{bar} {percentage}% | {filesDone}/{files} files | {mbDone}/{mbTotal} MB | {speed} MB/s | ETA {eta_formatted}',
        hideCursor: true,
        clearOnComplete: true,
        etaBuffer: 50,
        fps: 5,
      },
      progressLibrary.Presets.shades_classic,
    );
    // Bytes read from the inputs drive the bar; compressed inputs make it approximate.
    const bar = bars.create(Math.max(totalBytes, 1), 0, {
      filesDone: 0,
      files: paths.length,
      mbDone: '0',
      mbTotal: (totalBytes / MB).toFixed(0),
      speed: '0.0',
    });
    return new Progress(stream, bars, bar, paths.length);
  }

  /** A document of `bytes` is done; `inputDone` when it was the last of its input. */
  advance(bytes: number, inputDone: boolean): void {
    this.bytesDone += bytes;
    if (inputDone) this.filesDone++;
    const seconds = (performance.now() - this.started) / 1000;
    this.bar.update(this.bytesDone, {
      filesDone: this.filesDone,
      files: this.files,
      mbDone: (this.bytesDone / MB).toFixed(0),
      speed: seconds > 0 ? (this.bytesDone / MB / seconds).toFixed(1) : '0.0',
    });
  }

  /** Prints a message line above the bar, or after it is gone, where it was. */
  log(text: string): void {
    if (this.stopped) this.stream.write(text);
    else this.bars.log(text);
  }

  /**
   * Removes the bar. Messages logged since it was last drawn are printed
   * first: cli-progress prints them only when it draws, and a run shorter
   * than a frame, or its last messages, would show nothing at all.
   */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.bars.update();
    this.bars.stop();
  }
}
