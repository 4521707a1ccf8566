import fc from 'fast-check';

/**
 * Property tests run with a fixed seed, so that CI gives the same verdict on
 * the same code; FC_SEED=<number> explores other cases, FC_SEED=random a new
 * seed each run (fast-check prints the seed of any failure to replay it).
 */
const requested = process.env['FC_SEED'];
if (requested !== 'random') fc.configureGlobal({ seed: requested === undefined ? 20_261_129 : Number(requested) });
