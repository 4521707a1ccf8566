/**
 * A path as users read it in messages: as is when it is plain, else quoted
 * and escaped like a JSON string, so spaces, newlines, control characters
 * and a leading dash stay visible and unambiguous.
 */
export function displayPath(source: string): string {
  if (source.length > 0 && !source.startsWith('-') && /^[\p{L}\p{M}\p{N}._/+@,:%=~#-]+$/u.test(source)) return source;
  return JSON.stringify(source);
}

const UNITS = ['B', 'KB', 'MB', 'GB', 'TB'];

/** Bytes for humans, in powers of 1024 with one decimal. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

const SIZE = /^\s*(\d+(?:\.\d+)?)\s*(b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?\s*$/i;
const MULTIPLIER: Record<string, number> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };

/** Parses `512KB`, `64MB`, `1GB`, `1000` (powers of 1024); undefined when malformed. */
export function parseSize(text: string): number | undefined {
  const match = SIZE.exec(text);
  if (match === null) return undefined;
  const unit = (match[2] ?? 'b').toLowerCase().charAt(0);
  const bytes = Math.floor(Number(match[1]) * (MULTIPLIER[unit] ?? 1));
  return bytes > 0 ? bytes : undefined;
}
