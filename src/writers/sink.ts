/** Where cleaned records go: shards in a folder, or a stream. */
export interface RecordSink {
  /** Writes one record, as `serializeRecord` gives it for this sink's format. */
  write(record: Uint8Array): Promise<void>;
  /** Flushes and makes everything written visible. */
  close(): Promise<void>;
  /** Bytes written so far (uncompressed). */
  readonly bytesWritten: number;
  /** True when whoever reads the output has gone (`| head`): the run may stop early. */
  readonly closedByReader?: boolean;
}

/** Raised for a failure of the output itself (disk full, permission): fatal for the run. */
export class OutputError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'OutputError';
  }
}
