import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BATCH_EVENTS, BATCHES_AHEAD, ReadingThread } from '../../src/readers/in-thread.js';
import { readInput } from '../../src/readers/index.js';
import type { ReadEvent, ReaderOptions } from '../../src/types.js';
import { REPO_ROOT } from '../shared-corpora.js';

const OPTIONS: ReaderOptions = { maxDocSize: 64 * 1024, textField: 'text' };
const READERS = path.join(REPO_ROOT, 'fixtures', 'readers');
const folders: string[] = [];

afterAll(() => {
  for (const folder of folders) rmSync(folder, { recursive: true, force: true });
});

/** Reads files on one thread, as a run does, and ends it. */
async function onThread<T>(use: (thread: ReadingThread) => Promise<T>): Promise<T> {
  const thread = new ReadingThread(OPTIONS);
  try {
    return await use(thread);
  } finally {
    await thread.close();
  }
}

async function collect(events: AsyncIterable<ReadEvent>): Promise<ReadEvent[]> {
  const all: ReadEvent[] = [];
  for await (const event of events) all.push(event);
  return all;
}

/** Events as plain values: the bytes as arrays, so that a view and a copy of the same bytes compare equal. */
function comparable(events: ReadEvent[]): unknown[] {
  return events.map((event) => ('doc' in event ? { doc: { ...event.doc, bytes: [...event.doc.bytes] } } : event));
}

describe('a container file read on a thread of its own', () => {
  // Good, broken and truncated WARC files, WET, JSONL plain and gzipped, and a file that is not there.
  for (const name of ['mixed.warc.gz', 'mixed.warc', 'broken.warc', 'broken.warc.gz', 'legacy-lf.warc', 'sample.warc.wet.gz', 'docs.jsonl', 'docs.jsonl.gz', 'absent.warc.gz']) {
    it(`gives the events the reader gives, in order: ${name}`, async () => {
      const file = path.join(READERS, name);
      const here = await collect(readInput(file, OPTIONS));
      const inThread = await onThread((thread) => collect(thread.read(file)));
      expect(here.length).toBeGreaterThan(0);
      expect(comparable(inThread)).toEqual(comparable(here));
    });
  }

  it('gives every event in order to a reader slower than the thread, which waits for it', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'clean-corpus-in-thread-'));
    folders.push(folder);
    const file = path.join(folder, 'many.jsonl');
    const count = BATCH_EVENTS * (BATCHES_AHEAD + 3) + 5;
    writeFileSync(file, Array.from({ length: count }, (_, index) => JSON.stringify({ id: `d${index}`, text: `document ${index}` })).join('\n'));
    const ids: unknown[] = [];
    await onThread(async (thread) => {
      for await (const event of thread.read(file)) {
        if ('doc' in event) ids.push(event.doc.id ?? event.doc.metadata['id']);
        if (ids.length % 50 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
      }
    });
    expect(ids).toEqual(Array.from({ length: count }, (_, index) => `d${index}`));
  });

  it('reads the files of a run one after the other on one thread, a file left early included', async () => {
    const files = ['mixed.warc.gz', 'docs.jsonl', 'broken.warc.gz', 'sample.warc.wet.gz'].map((name) => path.join(READERS, name));
    const expected = await Promise.all(files.map(async (file) => comparable(await collect(readInput(file, OPTIONS)))));
    const got = await onThread(async (thread) => {
      const all: unknown[][] = [];
      for (const [index, file] of files.entries()) {
        const events: ReadEvent[] = [];
        for await (const event of thread.read(file)) {
          events.push(event);
          // The second file is left after its first event, as an interrupted run leaves it.
          if (index === 1) break;
        }
        all.push(comparable(events));
      }
      return all;
    });
    expect(got).toEqual(expected.map((events, index) => (index === 1 ? events.slice(0, 1) : events)));
  });
});
