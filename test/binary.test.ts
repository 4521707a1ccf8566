import { describe, expect, it } from 'vitest';
import { binarySignature, looksBinary } from '../src/binary.js';

describe('binary content', () => {
  it('knows images, archives and executables by their first bytes', () => {
    expect(binarySignature(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]))).toBe('PNG image');
    expect(binarySignature(Buffer.from([0x1f, 0x8b, 8, 0]))).toBe('gzip data');
    expect(binarySignature(Buffer.concat([Buffer.from('MZ'), Buffer.from([0x90, 0, 3, 0])]))).toBe('Windows executable');
    expect(binarySignature(Buffer.concat([Buffer.from('ID3'), Buffer.from([4, 0, 0, 0])]))).toBe('MP3 audio');
  });

  it('does not take text that happens to start with a letter signature for binary', () => {
    expect(binarySignature(Buffer.from('MZ stands for Mark Zbikowski.\n'))).toBeUndefined();
    expect(binarySignature(Buffer.from('ID3 tags hold the title of a song.'))).toBeUndefined();
    expect(binarySignature(Buffer.from('<p>plain page</p>'))).toBeUndefined();
  });

  it('judges decoded text by its share of control characters', () => {
    expect(looksBinary('ordinary text\twith a tab\n')).toBe(false);
    expect(looksBinary('\u0001\u0002\u0003abc')).toBe(true);
  });
});
