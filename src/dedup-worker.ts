/**
 * A signatures worker of `clean-corpus dedup --jobs N`: receives batches of
 * texts and answers with their signature records (see src/dedup/run-dedup.ts),
 * built with the options in `workerData`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { signatureRecords, type SignatureSetup } from './dedup/signature.js';

const setup = workerData as SignatureSetup;

parentPort?.on('message', (batch: { seq: number; texts: string[] }) => {
  const records = signatureRecords(batch.texts, setup);
  parentPort?.postMessage({ seq: batch.seq, records }, [records.buffer]);
});
