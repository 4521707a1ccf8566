import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** `../shared/corpora` beside the checkout; tests that read it skip, saying so, where it is absent. */
export const SHARED_CORPORA = path.resolve(REPO_ROOT, '..', 'shared', 'corpora');

export function sharedPath(...parts: string[]): string {
  return path.join(SHARED_CORPORA, ...parts);
}

export function hasShared(...parts: string[]): boolean {
  const present = existsSync(sharedPath(...parts));
  if (!present) console.warn(`skipping: ${sharedPath(...parts)} is absent`);
  return present;
}
