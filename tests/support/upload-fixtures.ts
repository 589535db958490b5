/**
 * Shared fixtures of the upload suites: images whose bytes no other test
 * stores (so "nothing new on disk" is a real check), posting a submission, and
 * the before/after picture of the storage folder and the upload tables.
 */
import { randomBytes } from 'node:crypto';
import request from 'supertest';
import sharp from 'sharp';
import type { Express } from 'express';
import type { AppHarness } from './app-harness';
import { until } from './engine-waits';
import { auth, multipart, storedPaths, uploadRowCounts, type MultipartPart } from './api-fixtures';

/** A PNG of random noise (`width`×`height`): bytes stored nowhere else. */
export function noisePng(width = 24, height = 24): Promise<Buffer> {
  return sharp(randomBytes(width * height * 3), { raw: { width, height, channels: 3 } }).png().toBuffer();
}

/** POSTs `parts` as a submission to step `nodeId` of job `jobId`. */
export function postSubmission(app: Express, token: string, jobId: string, nodeId: string, parts: MultipartPart[]): request.Test {
  const body = multipart(parts);
  return request(app).post(`/api/jobs/${jobId}/steps/${nodeId}/submissions`).set(auth(token)).set('Content-Type', body.contentType).send(body.body);
}

/**
 * What an upload may leave behind: every file in the storage folder and the upload tables' row counts.
 * Taken once no check step is running: a check started by an earlier test's accepted submission
 * stores its diff image in the same folder (CI once caught its temp file between two snapshots).
 */
export async function uploadTrace(h: AppHarness): Promise<{ paths: string[]; rows: Awaited<ReturnType<typeof uploadRowCounts>> }> {
  await until('no check step running', async () => (await h.test.db.prisma.stepRun.count({ where: { type: 'check', status: 'active' } })) === 0);
  return { paths: storedPaths(h), rows: await uploadRowCounts(h) };
}

/** Runs `act` and asserts the storage folder and the upload tables are exactly as before. */
export async function expectNothingWritten(h: AppHarness, act: () => Promise<void>): Promise<void> {
  const before = await uploadTrace(h);
  await act();
  expect(await uploadTrace(h)).toEqual(before);
}
