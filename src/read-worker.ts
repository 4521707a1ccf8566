/**
 * The thread that reads container files (readers/in-thread.ts), one after
 * the other in the order asked: each file's events in batches, each
 * document's bytes in a buffer of their own, moved to the main thread; it
 * waits while {@link BATCHES_AHEAD} batches of a file are unread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BATCH_BYTES, BATCH_EVENTS, BATCHES_AHEAD, type ReadBatch, type ReadRequest } from './readers/in-thread.js';
import { readInput } from './readers/index.js';
import type { ReadEvent, ReaderOptions } from './types.js';

const options = workerData as ReaderOptions;
const port = parentPort;
if (port === null) throw new Error('read-worker runs as a worker thread');

const queue: Array<{ read: number; path: string }> = [];
const stopped = new Set<number>();
/** Batches of the file being read that the main thread has not taken yet. */
let unread = 0;
let current = -1;
let wake: (() => void) | undefined;

port.on('message', (request: ReadRequest) => {
  if (request.op === 'read') queue.push({ read: request.read, path: request.path });
  else if (request.op === 'stop') stopped.add(request.read);
  else if (request.read === current) unread--;
  wake?.();
});

const sleep = (): Promise<void> => new Promise((resolve) => (wake = resolve));

/** Reads one file and sends its events, until the end or until it is told to stop. */
async function readFile(read: number, path: string): Promise<void> {
  current = read;
  unread = 0;
  let events: ReadEvent[] = [];
  let moved: ArrayBuffer[] = [];
  let bytes = 0;
  const send = async (): Promise<boolean> => {
    while (unread >= BATCHES_AHEAD && !stopped.has(read)) await sleep();
    if (stopped.has(read)) return false;
    if (events.length > 0) {
      unread++;
      port?.postMessage({ read, events } satisfies ReadBatch, moved);
    }
    events = [];
    moved = [];
    bytes = 0;
    return true;
  };
  try {
    for await (const event of readInput(path, options)) {
      if ('doc' in event) {
        // Copied into a buffer of their own, which can be moved: a reader's bytes are mostly a view into a
        // larger block, and a buffer it keeps (an empty one it shares, say) must not be taken from it.
        const own = event.doc.bytes.slice();
        event.doc.bytes = own;
        moved.push(own.buffer);
        bytes += own.byteLength;
      }
      events.push(event);
      if ((events.length >= BATCH_EVENTS || bytes >= BATCH_BYTES) && !(await send())) return;
    }
    if (await send()) port?.postMessage({ read, done: true } satisfies ReadBatch);
  } catch (error) {
    if (await send()) port?.postMessage({ read, failure: error instanceof Error ? error.message : String(error) } satisfies ReadBatch);
  } finally {
    stopped.delete(read);
  }
}

for (;;) {
  const next = queue.shift();
  if (next === undefined) {
    await sleep();
    continue;
  }
  if (stopped.delete(next.read)) continue;
  await readFile(next.read, next.path);
}
