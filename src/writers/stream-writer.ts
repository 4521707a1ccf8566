import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { RecordSeparator, type OutputFormat } from './record.js';
import { OutputError, type RecordSink } from './sink.js';

/**
 * Writes records to a stream (stdout in a pipe), honouring backpressure.
 * A reader that goes away (`| head`) ends the output quietly: the records it
 * no longer wants are not an error.
 */
export class StreamWriter implements RecordSink {
  private readonly separator: RecordSeparator;
  private bytes = 0;
  private failure: unknown = undefined;
  /** True once the reading end has closed (EPIPE): nothing more is wanted. */
  closedByReader = false;

  constructor(
    private readonly stream: Writable,
    format: OutputFormat,
    keepNewlines: boolean,
  ) {
    this.separator = new RecordSeparator({ format, keepNewlines });
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') this.closedByReader = true;
      else this.failure ??= error;
    });
  }

  get bytesWritten(): number {
    return this.bytes;
  }

  async write(record: Uint8Array): Promise<void> {
    if (this.closedByReader) return;
    this.check();
    const separator = this.separator.next();
    const line = separator.length === 0 ? record : Buffer.concat([separator, record]);
    this.bytes += line.length;
    try {
      // Waiting for 'drain' rejects when the stream fails meanwhile, as a pipe
      // whose reader has gone does.
      if (!this.stream.write(line)) await Promise.race([once(this.stream, 'drain'), once(this.stream, 'close')]);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EPIPE') {
        this.closedByReader = true;
        return;
      }
      this.failure ??= error;
    }
    this.check();
  }

  async close(): Promise<void> {
    this.check();
  }

  private check(): void {
    if (this.failure !== undefined) {
      const reason = this.failure instanceof Error ? this.failure.message : String(this.failure);
      throw new OutputError(`standard output: ${reason}`, { cause: this.failure });
    }
  }
}
