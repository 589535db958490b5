/**
 * `sop-check ocr <image> [--lang eng+chi_sim] [--json]`
 */
import { parseOcrLanguages } from '../checks/ocr-languages';
import { createOcrPool } from '../checks/ocr-pool';
import { parseCommandArgs } from './args';
import { printJson, type CheckExit, type CliIo } from './output';

/** Languages when `--lang` is not given. */
export const CLI_DEFAULT_OCR_LANGUAGES = 'eng+chi_sim';

/** Prints the image's text; returns 0 once recognised, throws on bad input. */
export async function ocrCommand(argv: string[], io: CliIo): Promise<CheckExit> {
  const { values, positionals } = parseCommandArgs(argv, {
    lang: { type: 'string' },
    json: { type: 'boolean' },
  }, ['image']);
  const languages = parseOcrLanguages(values.lang ?? CLI_DEFAULT_OCR_LANGUAGES);
  const pool = createOcrPool({ size: 1 });
  try {
    const { text, confidence, languages: used } = await pool.recognize(positionals[0]!, languages);
    if (values.json) {
      printJson(io, { text, confidence, languages: used });
    } else {
      io.out(`${text.trimEnd()}\n\n(confidence ${Math.round(confidence)}, ${used.join('+')})\n`);
    }
    return 0;
  } finally {
    await pool.terminate();
  }
}
