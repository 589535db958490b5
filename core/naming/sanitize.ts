/**
 * Cleaning of the file name a browser or client reports for an upload.
 * Pure: no I/O.
 */

const CONTROL = /[\u0000-\u001f\u007f]/g;

/**
 * The bare file name of an upload: NFC-normalised, control characters
 * removed, everything up to the last `/` or `\` dropped (so `../../x.png`,
 * `C:\fakepath\x.png` and `dir/x.png` all become `x.png`), a leading drive
 * (`C:`) dropped, surrounding white space trimmed. `.` and `..` become `''`.
 *
 * @param name - the name as received (untrusted).
 * @returns the name to match and to show; `''` when nothing usable is left.
 */
export function sanitizeUploadName(name: string): string {
  let n = String(name ?? '').normalize('NFC').replace(CONTROL, '');
  const cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
  n = n.slice(cut + 1).replace(/^[A-Za-z]:/, '').trim();
  return n === '.' || n === '..' ? '' : n;
}
