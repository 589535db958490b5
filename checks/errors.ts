/**
 * Errors of the check adapters. `CheckInputError` is defined in the pure core
 * (so core validation can throw it) and re-exported here for Node callers.
 * Activities turn it into a non-retryable `ApplicationFailure` by its name.
 */
import { CheckInputError } from '../core/checks/check-input-error';

export { CheckInputError, isCheckInputError, type CheckInputErrorCode } from '../core/checks/check-input-error';

/**
 * Translates an error thrown by sharp (plain `Error`s distinguished only by
 * their message) into a `CheckInputError` naming the input. `limitMegapixels`
 * goes into the too-large message.
 */
export function fromSharpError(error: unknown, inputName: string, limitMegapixels: number): CheckInputError {
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split('\n')[0]!.trim();
  if (/exceeds pixel limit/i.test(message)) {
    return new CheckInputError('IMAGE_TOO_LARGE', `${inputName}: image exceeds the ${formatMegapixels(limitMegapixels)} limit`, { cause: error });
  }
  if (/unsupported image format/i.test(message)) {
    return new CheckInputError('IMAGE_UNSUPPORTED_FORMAT', `${inputName}: not a supported image (PNG, JPEG or WebP expected)`, { cause: error });
  }
  return new CheckInputError('IMAGE_DECODE_FAILED', `${inputName}: image is corrupt or truncated (${firstLine})`, { cause: error });
}

/** `40 MP`, `0.5 MP`. */
export function formatMegapixels(megapixels: number): string {
  return `${Number(megapixels.toFixed(1))} MP`;
}
