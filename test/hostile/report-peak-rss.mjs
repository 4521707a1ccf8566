// Preloaded into the CLI's process by the hostile-input test: at exit, write
// the peak resident set size (bytes) to the file named by CLEAN_CORPUS_TEST_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.CLEAN_CORPUS_TEST_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS * 1024)));
