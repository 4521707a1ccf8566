import { Readable } from 'node:stream';

/** Every event of an async iterable, in order. */
export async function collect<T>(events: AsyncIterable<T>): Promise<T[]> {
  const all: T[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** The bytes one at a time, as a Readable of 1-byte buffers: the classic split-character test. */
export function oneByteChunks(bytes: Uint8Array): Readable {
  return Readable.from(Array.from(bytes, (byte) => Buffer.from([byte])));
}
