import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import picomatch from 'picomatch';
import { describe, expect, it } from 'vitest';
import { DEFAULT_INCLUDE, discoverInputs } from '../src/discover.js';
import { pathMatcher } from '../src/walk.js';

/** A folder `corpus/` with `a.html`, `sub/b.html`, a link to `a.html` and a link to `sub/`. */
function makeCorpus(): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'cc-discover-'));
  const corpus = path.join(root, 'corpus');
  mkdirSync(path.join(corpus, 'sub'), { recursive: true });
  writeFileSync(path.join(corpus, 'a.html'), '<p>a</p>');
  writeFileSync(path.join(corpus, 'sub', 'b.html'), '<p>b</p>');
  symlinkSync('a.html', path.join(corpus, 'z-link-to-a.html'));
  symlinkSync('sub', path.join(corpus, 'z-link-to-sub'));
  return corpus;
}

const options = { include: DEFAULT_INCLUDE, exclude: [], followSymlinks: false };

describe('discoverInputs', () => {
  it('lists each real file once, under the first of its paths in sorted order', async () => {
    const corpus = makeCorpus();
    const found = await discoverInputs([corpus], options);
    expect(found).toEqual({ paths: [path.join(corpus, 'a.html'), path.join(corpus, 'sub', 'b.html')], errors: [] });
  });

  it('names walked files as path.join names them, however the folder is written, and excludes a folder by its relative path', async () => {
    const corpus = makeCorpus();
    const cwd = process.cwd();
    process.chdir(path.dirname(corpus));
    try {
      for (const written of ['corpus', './corpus/', 'corpus//sub/..', `${corpus}/`]) {
        const found = await discoverInputs([written], options);
        expect(found).toEqual({ paths: [path.join(written, 'a.html'), path.join(written, 'sub', 'b.html')], errors: [] });
      }
      process.chdir(corpus);
      expect(await discoverInputs(['.'], options)).toEqual({ paths: ['a.html', path.join('sub', 'b.html')], errors: [] });
      expect(await discoverInputs(['.'], { ...options, exclude: ['sub', 'z-link-to-sub'] })).toEqual({ paths: ['a.html'], errors: [] });
    } finally {
      process.chdir(cwd);
    }
  });

  it('takes a file named on the command line and inside a folder given too once', async () => {
    const corpus = makeCorpus();
    const found = await discoverInputs([path.join(corpus, 'z-link-to-a.html'), corpus, path.join(corpus, 'sub', 'b.html')], options);
    expect(found).toEqual({ paths: [path.join(corpus, 'a.html'), path.join(corpus, 'sub', 'b.html')], errors: [] });
  });

  it('finds the same files through a folder reached by a link', async () => {
    const corpus = makeCorpus();
    const linkedRoot = path.join(path.dirname(corpus), 'corpus-link');
    symlinkSync(corpus, linkedRoot);
    const found = await discoverInputs([corpus, linkedRoot], options);
    // `corpus-link/` sorts before `corpus/` ('-' < '/'): its paths are the ones kept.
    expect(found).toEqual({ paths: [path.join(linkedRoot, 'a.html'), path.join(linkedRoot, 'sub', 'b.html')], errors: [] });
  });
});

describe('pathMatcher', () => {
  const matchOptions = { basename: true, nocase: true, dot: false };
  const patterns = [...DEFAULT_INCLUDE, '*.BAK', 'sub/*.md', '**/x-*.txt', '*.{csv,tsv}', '*'];

  it('matches as picomatch does for the default patterns and others', () => {
    const nameCharacter = fc.constantFrom('a', 'B', 'x', '-', '.', 'h', 't', 'M', 'l', 'g', 'z', 'K', '\u212a', '\u0130', 'é', ' ');
    const name = fc.oneof(
      fc.string({ unit: nameCharacter, minLength: 1, maxLength: 12 }),
      fc.tuple(fc.string({ unit: nameCharacter, maxLength: 6 }), fc.constantFrom('.html', '.HTML', '.Html.GZ', '.txt', '.warc.gz', '.ba\u212a', '.csv', '.jsonl')).map(([stem, suffix]) => stem + suffix),
    );
    const folder = fc.constantFrom('', 'sub', 'a/b');
    fc.assert(
      fc.property(fc.subarray(patterns, { minLength: 1 }), folder, name, (chosen, dir, base) => {
        fc.pre(base !== '.' && base !== '..');
        const relative = dir === '' ? base : `${dir}/${base}`;
        expect(pathMatcher(chosen)(relative, base)).toBe(picomatch(chosen, matchOptions)(relative));
      }),
      { numRuns: 2000 },
    );
  });

  it('takes the default patterns by their endings, in any ASCII case, and no dot file', () => {
    const included = pathMatcher(DEFAULT_INCLUDE);
    expect(['a.html', 'b.HTM', 'c.Txt.Gz', 'd.warc.gz', '.e.html', 'f.html.bak', 'g.gz', '.html', 'h.bak', 'i.ba\u212a'].map((name) => included(name, name))).toEqual([
      true, true, true, true, false, false, false, false, false, false,
    ]);
  });
});
