/**
 * Named pipelines for `--preset`, each a pipeline file's text: apart from
 * the parser of pipeline files, which the command line loads only when a
 * preset or a file is given.
 */

/** FineWeb's recipe (datatrove's examples/fineweb.py) in its order, as a pipeline file: `--preset fineweb`. */
export const FINEWEB_PIPELINE = `# FineWeb's recipe, in FineWeb's order (datatrove's examples/fineweb.py):
# main-content extraction, English at 0.65, the Gopher, C4 and FineWeb rules, PII.
steps:
  - strip-tags: { extract: main }          # main content only, as trafilatura gave FineWeb
  - decode-entities
  - collapse-whitespace: { keep_newlines: true }   # one paragraph a line, punctuation kept
  - language: { languages: [en], language_threshold: 0.65 }
  - gopher-repetition
  - gopher-quality
  - c4-quality: { filter_no_terminal_punct: false }   # FineWeb ran C4 without its line-punctuation rule
  - fineweb-quality
  - pii
`;

/** Presets by name, each a pipeline file's text. */
export const PRESETS: Readonly<Record<string, string>> = { fineweb: FINEWEB_PIPELINE };
