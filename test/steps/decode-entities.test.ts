import { describe, expect, it } from 'vitest';
import { decodeEntities, decodeEntitiesText } from '../../src/steps/decode-entities.js';

describe('decode-entities', () => {
  it('decodes named references with and without semicolon where the spec allows', () => {
    expect(decodeEntitiesText('&amp; &lt; &gt; &quot; &eacute; &nbsp; &hellip; &NotNestedLessLess;')).toBe(
      '& < > " é \u00a0 … \u2aa1\u0338',
    );
    expect(decodeEntitiesText('&amp &copy 2024 &eacute')).toBe('& © 2024 é');
  });

  it('decodes numeric references with the spec replacements', () => {
    expect(decodeEntitiesText('&#65;&#x42;&#X43;&#x80;&#x93;&#0;&#xD800;&#x110000;&#9999999999;')).toBe(
      'ABC€“\uFFFD\uFFFD\uFFFD\uFFFD',
    );
  });

  it('leaves ambiguous ampersands and malformed references alone', () => {
    expect(decodeEntitiesText('AT&T R&D &#; &#x; &unknownentity; a & b')).toBe('AT&T R&D &#; &#x; &unknownentity; a & b');
  });

  it('decodes once', () => {
    expect(decodeEntitiesText('&amp;lt;b&amp;gt;')).toBe('&lt;b&gt;');
  });

  it('returns text without references unchanged', () => {
    const text = 'nothing to decode here, 中文';
    expect(decodeEntities()(text)).toBe(text);
  });
});
