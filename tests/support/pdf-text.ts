/**
 * The text of a PDF, extracted with pdf-parse in a child Node process: pdf.js
 * loads its worker with a dynamic import, which jest's module VM refuses.
 */
import { execFile } from 'node:child_process';

const SCRIPT = `
const { PDFParse } = require('pdf-parse');
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
  const parser = new PDFParse({ data: Buffer.concat(chunks) });
  process.stdout.write((await parser.getText()).text);
  await parser.destroy();
});`;

export function pdfText(pdf: Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, ['-e', SCRIPT], { cwd: __dirname, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`pdf text extraction failed: ${error.message}\n${stderr}`));
      else resolve(stdout);
    });
    child.stdin!.end(pdf);
  });
}
