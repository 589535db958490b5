/**
 * Tesseract language data from the `@tesseract.js-data/*` npm packages
 * (`4.0.0_best_int`: faster, smaller and better on small Chinese than `4.0.0`).
 * tesseract.js wants ONE folder holding `<lang>.traineddata.gz` for every
 * language, so we assemble one of symlinks (copies where links fail).
 */
import { access, copyFile, mkdir, readlink, symlink, unlink } from 'node:fs/promises';
import { constants } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { CheckInputError } from './errors';

/** Languages an OCR check may ask for (as in `OcrCheckSpec`). */
export const OCR_LANGUAGES = ['eng', 'chi_sim', 'chi_tra'] as const;
/** One of {@link OCR_LANGUAGES}. */
export type OcrLanguage = (typeof OCR_LANGUAGES)[number];

/** The data variant used from each package. */
export const TESSDATA_VARIANT = '4.0.0_best_int';

/** True for a supported language code. */
export function isOcrLanguage(value: string): value is OcrLanguage {
  return (OCR_LANGUAGES as readonly string[]).includes(value);
}

/**
 * Parses `eng+chi_sim` (or an array) into known, de-duplicated languages.
 * Unknown codes throw `CheckInputError('INVALID_OPTION')`.
 */
export function parseOcrLanguages(value: string | readonly string[]): OcrLanguage[] {
  const codes = (typeof value === 'string' ? value.split('+') : [...value]).map((c) => c.trim()).filter(Boolean);
  const unknown = codes.filter((c) => !isOcrLanguage(c));
  if (codes.length === 0 || unknown.length > 0) {
    throw new CheckInputError('INVALID_OPTION',
      `OCR languages must be among ${OCR_LANGUAGES.join(', ')} joined by "+"; got "${Array.isArray(value) ? value.join('+') : String(value)}"`);
  }
  return [...new Set(codes as OcrLanguage[])];
}

/** Path of the packaged `.traineddata.gz` of `language` (it may be missing if the package is not installed). */
export function packagedLanguageFile(language: OcrLanguage): string {
  let packageDir: string;
  try {
    packageDir = dirname(require.resolve(`@tesseract.js-data/${language}/package.json`));
  } catch {
    throw new CheckInputError('OCR_LANGUAGE_MISSING', `OCR language data for ${language} is not installed (npm package @tesseract.js-data/${language})`);
  }
  return join(packageDir, TESSDATA_VARIANT, `${language}.traineddata.gz`);
}

/**
 * Makes sure `dir` holds `<lang>.traineddata.gz` for each language, linking the
 * packaged files in. With `assemble: false` the folder is only checked.
 * A missing file is a `CheckInputError('OCR_LANGUAGE_MISSING')` naming the path —
 * tesseract.js itself would crash the process or hang on it.
 */
export async function prepareLanguageDir(dir: string, languages: readonly OcrLanguage[], assemble: boolean): Promise<void> {
  if (assemble) await mkdir(dir, { recursive: true });
  for (const language of languages) {
    const target = join(dir, `${language}.traineddata.gz`);
    if (assemble) await linkLanguageFile(packagedLanguageFile(language), target);
    try {
      await access(target, constants.R_OK);
    } catch {
      throw new CheckInputError('OCR_LANGUAGE_MISSING', `OCR language data for ${language} not found: ${target}`);
    }
  }
}

/** The default folder: `node_modules/.cache/sop-check-tessdata` next to the packages, else the temp dir. */
export async function defaultLanguageDir(): Promise<string> {
  try {
    const nodeModules = dirname(dirname(dirname(require.resolve('@tesseract.js-data/eng/package.json'))));
    const dir = join(nodeModules, '.cache', 'sop-check-tessdata', TESSDATA_VARIANT);
    await mkdir(dir, { recursive: true });
    await access(dir, constants.W_OK);
    return dir;
  } catch {
    return join(tmpdir(), 'sop-check-tessdata', TESSDATA_VARIANT);
  }
}

async function linkLanguageFile(source: string, target: string): Promise<void> {
  try {
    await access(source, constants.R_OK);
  } catch {
    throw new CheckInputError('OCR_LANGUAGE_MISSING', `OCR language data not found: ${source}`);
  }
  const current = await readlink(target).catch(() => undefined);
  if (current === source) return;
  if (current !== undefined) await unlink(target).catch(() => undefined);
  else if (await access(target, constants.R_OK).then(() => true, () => false)) return; // a real copy is already there
  try {
    await symlink(source, target);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return; // another process linked it meanwhile
    await copyFile(source, target);
  }
}
