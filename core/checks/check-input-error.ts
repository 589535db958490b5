/**
 * The one error type of the check engines for input that can never succeed
 * (a corrupt file, an option out of range). Pure: no I/O, usable anywhere.
 *
 * Activities map it to a non-retryable `ApplicationFailure` by its type name
 * (`CheckInputError`), never by `instanceof`: Jest and the workflow sandbox
 * load modules more than once, which breaks `instanceof`.
 */

/** Stable machine-readable codes carried by {@link CheckInputError}. */
export type CheckInputErrorCode =
  | 'FILE_UNREADABLE'
  | 'IMAGE_DECODE_FAILED'
  | 'IMAGE_TOO_LARGE'
  | 'IMAGE_UNSUPPORTED_FORMAT'
  | 'IMAGE_EMPTY'
  | 'INVALID_OPTION'
  | 'OCR_LANGUAGE_MISSING'
  | 'OCR_IMAGE_UNREADABLE';

/**
 * Input that a check can never accept. `message` is one line, carries the
 * actual values, and is safe to show to a vendor or QA engineer.
 */
export class CheckInputError extends Error {
  /** Stable code, e.g. `IMAGE_TOO_LARGE`. */
  readonly code: CheckInputErrorCode;

  constructor(code: CheckInputErrorCode, message: string, options?: { cause?: unknown }) {
    super(message.replace(/\s*\n\s*/g, ' '), options);
    this.name = 'CheckInputError';
    this.code = code;
  }
}

/** True for a {@link CheckInputError}, also across module copies (checks the name, not the prototype). */
export function isCheckInputError(error: unknown): error is CheckInputError {
  return error instanceof Error && error.name === 'CheckInputError' && typeof (error as { code?: unknown }).code === 'string';
}
