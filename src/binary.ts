/**
 * Recognises files that are not text whatever their name says: images,
 * archives, executables, documents. Checked by content before any decoding,
 * so a PNG called `page.html` costs a few byte comparisons, not a charset
 * detection over garbage.
 */

interface Signature {
  name: string;
  offset: number;
  bytes: readonly number[];
}

const ascii = (text: string): number[] => [...text].map((char) => char.charCodeAt(0));

const SIGNATURES: readonly Signature[] = [
  { name: 'PNG image', offset: 0, bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { name: 'JPEG image', offset: 0, bytes: [0xff, 0xd8, 0xff] },
  { name: 'GIF image', offset: 0, bytes: ascii('GIF8') },
  { name: 'WebP/RIFF media', offset: 0, bytes: ascii('RIFF') },
  { name: 'TIFF image', offset: 0, bytes: [0x49, 0x49, 0x2a, 0x00] },
  { name: 'TIFF image', offset: 0, bytes: [0x4d, 0x4d, 0x00, 0x2a] },
  { name: 'ICO image', offset: 0, bytes: [0x00, 0x00, 0x01, 0x00] },
  { name: 'PDF document', offset: 0, bytes: ascii('%PDF-') },
  { name: 'ZIP archive', offset: 0, bytes: [0x50, 0x4b, 0x03, 0x04] },
  { name: 'gzip data', offset: 0, bytes: [0x1f, 0x8b] },
  { name: 'bzip2 data', offset: 0, bytes: ascii('BZh') },
  { name: 'xz data', offset: 0, bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00] },
  { name: 'zstd data', offset: 0, bytes: [0x28, 0xb5, 0x2f, 0xfd] },
  { name: '7z archive', offset: 0, bytes: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c] },
  { name: 'RAR archive', offset: 0, bytes: ascii('Rar!') },
  { name: 'ELF executable', offset: 0, bytes: [0x7f, 0x45, 0x4c, 0x46] },
  { name: 'Mach-O executable', offset: 0, bytes: [0xcf, 0xfa, 0xed, 0xfe] },
  { name: 'Mach-O executable', offset: 0, bytes: [0xfe, 0xed, 0xfa, 0xcf] },
  { name: 'Windows executable', offset: 0, bytes: ascii('MZ') },
  { name: 'WebAssembly module', offset: 0, bytes: [0x00, 0x61, 0x73, 0x6d] },
  { name: 'MP4/QuickTime media', offset: 4, bytes: ascii('ftyp') },
  { name: 'Ogg media', offset: 0, bytes: ascii('OggS') },
  { name: 'MP3 audio', offset: 0, bytes: ascii('ID3') },
  { name: 'SQLite database', offset: 0, bytes: ascii('SQLite format 3\0') },
  { name: 'WOFF font', offset: 0, bytes: ascii('wOFF') },
  { name: 'WOFF2 font', offset: 0, bytes: ascii('wOF2') },
];

/** Bytes after a signature looked at for a control byte. */
const CONTROL_BYTE_WINDOW = 64;

const isPrintableAscii = (byte: number): boolean => byte >= 0x20 && byte < 0x7f;
const isControlByte = (byte: number): boolean => byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d;

/**
 * A signature of printable letters (`MZ`, `ID3`, `RIFF`…) can also start a
 * text ("MZ stands for…"): it counts only when a control byte follows
 * soon, as it does in every real file of those kinds.
 */
function confirmsBinary(bytes: Uint8Array, signature: Signature): boolean {
  if (!signature.bytes.every(isPrintableAscii)) return true;
  const end = Math.min(bytes.length, signature.offset + signature.bytes.length + CONTROL_BYTE_WINDOW);
  for (let i = signature.offset + signature.bytes.length; i < end; i++) if (isControlByte(bytes[i] as number)) return true;
  return false;
}

/** The kind of binary file the bytes start like, or undefined for anything that may be text. */
export function binarySignature(bytes: Uint8Array): string | undefined {
  for (const signature of SIGNATURES) {
    if (bytes.length < signature.offset + signature.bytes.length) continue;
    let matches = true;
    for (let i = 0; i < signature.bytes.length; i++) {
      if (bytes[signature.offset + i] !== signature.bytes[i]) {
        matches = false;
        break;
      }
    }
    if (matches && confirmsBinary(bytes, signature)) return signature.name;
  }
  return undefined;
}

/** Characters of decoded text looked at to judge whether it is text at all. */
const SAMPLE_CHARS = 4096;
/** Share of control characters and U+FFFD above which decoded "text" is binary garbage. */
const MAX_GARBAGE_SHARE = 0.1;

/**
 * Whether decoded text is really binary data: too many C0 controls (other
 * than tab, line feed, form feed, carriage return) or replacement characters
 * at its start. Real text in any script has almost none.
 */
export function looksBinary(text: string): boolean {
  const length = Math.min(text.length, SAMPLE_CHARS);
  if (length === 0) return false;
  let garbage = 0;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || code === 0xfffd) garbage++;
  }
  return garbage / length > MAX_GARBAGE_SHARE;
}
