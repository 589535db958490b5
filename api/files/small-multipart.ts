/**
 * Reads a small multipart request (a holiday file, a bulk-start sheet) wholly
 * into memory: the named file parts up to their sizes and a few short text
 * parts. As for every upload (multipart-upload.ts) the size is refused up front
 * from Content-Length and again while it streams (413), and unknown or repeated
 * parts stop the read. The caller checks which parts are required and what the
 * text parts say.
 */
import busboy from 'busboy';
import type { Request } from 'express';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../http/problem';
import { assertRequestSize, closeAfterResponse, partRepeated, partUnknown } from './multipart-upload';

export interface SmallMultipartSpec {
  /** The file parts accepted, each with its largest size and the 413 message past it. */
  files: Record<string, { maxBytes: number; tooLarge: string }>;
  /** The text parts accepted (each at most 16 characters). */
  fields: readonly string[];
  /** What the request may carry, for the unknown-part message, e.g. `file "file" and "dryRun"`. */
  expected: string;
  /** 415 message when the body is not multipart/form-data. */
  notMultipart: string;
  /** 400 messages past the number of file or text parts. */
  tooManyFiles: string;
  tooManyFields: string;
}

export interface SmallMultipart {
  files: Map<string, { bytes: Buffer; filename: string }>;
  fields: Record<string, string>;
}

export async function readSmallMultipart(req: Request, spec: SmallMultipartSpec): Promise<SmallMultipart> {
  if (!req.is('multipart/form-data')) throw unsupportedMediaType(spec.notMultipart);
  const sizes = Object.values(spec.files).map((f) => f.maxBytes);
  assertRequestSize(req, sizes.reduce((sum, n) => sum + n, 0) + 64 * 1024);
  return new Promise<SmallMultipart>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { files: sizes.length, fields: spec.fields.length, fileSize: Math.max(...sizes) + 1, fieldSize: 16 },
      });
    } catch (error) {
      reject(badRequest(`The multipart body cannot be read: ${(error as Error).message}`));
      return;
    }
    const seen = new Set<string>();
    const chunks = new Map<string, { parts: Buffer[]; filename: string }>();
    const fields: Record<string, string> = {};
    let failed = false;
    const fail = (error: unknown): void => {
      if (failed) return;
      failed = true;
      req.unpipe(bb);
      closeAfterResponse(req);
      reject(error);
    };
    bb.on('file', (field, stream, info) => {
      const rule = Object.hasOwn(spec.files, field) ? spec.files[field] : undefined;
      if (!rule || seen.has(field)) {
        stream.resume();
        return fail(seen.has(field) ? partRepeated(field) : partUnknown(field, spec.expected));
      }
      seen.add(field);
      const entry = { parts: [] as Buffer[], filename: info.filename ?? '' };
      chunks.set(field, entry);
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > rule.maxBytes) {
          stream.resume();
          fail(payloadTooLarge(rule.tooLarge));
        } else entry.parts.push(chunk);
      });
    });
    bb.on('field', (field, value, info) => {
      if (!spec.fields.includes(field)) return fail(partUnknown(field, spec.expected));
      if (seen.has(field)) return fail(partRepeated(field));
      if (info.valueTruncated) return fail(badRequest(`The text part "${field}" is longer than 16 characters.`, [{ path: `body/${field}`, message: 'at most 16 characters' }]));
      seen.add(field);
      fields[field] = value;
    });
    bb.on('filesLimit', () => fail(badRequest(spec.tooManyFiles)));
    bb.on('fieldsLimit', () => fail(badRequest(spec.tooManyFields)));
    bb.on('error', (error: Error) => fail(badRequest(`The multipart body is malformed: ${error.message}`)));
    bb.on('close', () => {
      if (failed) return;
      resolve({ files: new Map([...chunks].map(([name, e]) => [name, { bytes: Buffer.concat(e.parts), filename: e.filename }])), fields });
    });
    req.on('aborted', () => fail(badRequest('The upload was aborted.')));
    req.pipe(bb);
  });
}
