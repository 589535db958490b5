/**
 * The OCR accuracy corpus's manifest (tests/fixtures/ocr-corpus/manifest.json):
 * one entry per image with its ground truth, language and kind.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One image of the corpus. */
export interface CorpusEntry {
  /** File name inside the corpus folder. */
  file: string;
  /** Ground truth: the string rendered, or typed from what the image shows; lines joined by "\n". */
  text: string;
  /** Script of the text. */
  language: 'zh-Hans' | 'zh-Hant' | 'en';
  /** OCR languages a check would name for it. */
  languages: string[];
  /** line / banner: clean renders; jpeg, rotated, photographed: variants of one; real: not generated. */
  kind: 'line' | 'banner' | 'jpeg' | 'rotated' | 'photographed' | 'real';
  polarity: 'dark-on-light' | 'light-on-dark';
  description: string;
  source: string;
  licence: string;
  /** The clean render a variant was made from. */
  derivedFrom?: string;
}

/** manifest.json. */
export interface CorpusManifest {
  generatedBy: string;
  images: CorpusEntry[];
}

/** Folder of the corpus. */
export const CORPUS_DIR = join(__dirname, '..', 'tests', 'fixtures', 'ocr-corpus');

/** Reads the manifest. */
export function readCorpusManifest(dir = CORPUS_DIR): CorpusManifest {
  return JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as CorpusManifest;
}
