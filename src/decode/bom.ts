/** Byte order mark: UTF-8, UTF-16LE, UTF-16BE. */

interface BomMatch {
  charset: 'utf-8' | 'utf-16le' | 'utf-16be';
  length: number;
}

export function sniffBom(bytes: Uint8Array): BomMatch | undefined {
  const [first, second, third] = [bytes[0], bytes[1], bytes[2]];
  if (first === 0xef && second === 0xbb && third === 0xbf) return { charset: 'utf-8', length: 3 };
  if (first === 0xfe && second === 0xff) return { charset: 'utf-16be', length: 2 };
  if (first === 0xff && second === 0xfe) return { charset: 'utf-16le', length: 2 };
  return undefined;
}
