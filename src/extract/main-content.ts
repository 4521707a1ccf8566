import { stripTagsFull } from '../steps/strip-tags.js';

export function extractMainContent(html: string): string {
  return stripTagsFull(html);
}
