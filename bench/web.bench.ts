/**
 * The web UI's weight and speed (`npm run bench:web`):
 *  1. production bundle: every chunk of designer/dist, raw and gzip (level 9);
 *  2. designer time to interactive with a 60-node SOP in headless Chromium —
 *     TTI = from navigation start until all 60 nodes are drawn on the canvas AND
 *     a click on one of them has opened its properties (median of N cold loads);
 *  3. QA review: from navigation start until a 1920×1080 diff image is shown in
 *     the heatmap view (the reviewer clicks "heatmap" as soon as the page shows
 *     the side-by-side images), and the click → diff-shown latency alone.
 * The API is a small in-process stub that answers only what these two screens
 * read (the numbers measure the browser side: bundle, React Flow, image decode).
 *
 *   npx tsx bench/web.bench.ts [--runs 5] [--no-build]
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import sharp from 'sharp';
import { launchBrowser } from '../designer/e2e/browser';

const ROOT = path.resolve(__dirname, '..');
const DIST = path.join(ROOT, 'designer', 'dist');
const arg = (name: string) => process.argv.indexOf(`--${name}`);
const RUNS = arg('runs') > 0 ? Number(process.argv[arg('runs') + 1]) : 5;
const NODE_COUNT = 60;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

// ---------------------------------------------------------------- bundle

interface Chunk {
  file: string;
  raw: number;
  gzip: number;
}

function bundle(): Chunk[] {
  if (arg('no-build') < 0) {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'designer/vite.config.mts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('vite build failed');
  }
  const files = ['index.html', ...fs.readdirSync(path.join(DIST, 'assets')).map((f) => `assets/${f}`)];
  return files
    .map((file) => {
      const bytes = fs.readFileSync(path.join(DIST, file));
      return { file, raw: bytes.length, gzip: zlib.gzipSync(bytes, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

// ---------------------------------------------------------------- fixtures

/** start → (task_i → review_i) × 29 → end; rejections loop back to the task. No saved layout: dagre lays it out. */
function sixtyNodeSop() {
  const nodes: Array<Record<string, unknown>> = [{ id: 'start', type: 'start', title: '开始' }];
  const edges: Array<Record<string, unknown>> = [];
  let prev = 'start';
  let prevOn: string | undefined;
  const pairs = (NODE_COUNT - 2) / 2;
  for (let i = 1; i <= pairs; i++) {
    nodes.push({ id: `t${i}`, type: 'task', title: `第 ${i} 稿`, assignee: 'vendor', produces: ['design'], due: { after: 'P2D' } });
    nodes.push({ id: `r${i}`, type: 'review', title: `第 ${i} 稿审核`, assignee: 'qa', reasons: [{ code: 'wrong-colour', label: '颜色不符' }] });
    edges.push({ from: prev, to: `t${i}`, ...(prevOn ? { on: prevOn } : {}) });
    edges.push({ from: `t${i}`, to: `r${i}`, on: 'submitted' });
    edges.push({ from: `r${i}`, to: `t${i}`, on: 'rejected' });
    prev = `r${i}`;
    prevOn = 'approved';
  }
  nodes.push({ id: 'end', type: 'end', title: '完成' });
  edges.push({ from: prev, to: 'end', on: 'approved' });
  return {
    schemaVersion: 1, key: 'bench-60', name: '60 节点 SOP', timezone: 'Asia/Shanghai', roles: ['owner', 'vendor', 'qa'],
    deliverables: [{ id: 'design', label: '设计稿', naming: '{job.code}_design_v{version:2}.{ext:png}', reference: true }],
    nodes, edges,
  };
}

/** A busy 1920×1080 design (gradient + blocks + noise, so PNG does not compress to nothing), a changed draft and a diff image. */
async function images(): Promise<Record<string, Buffer>> {
  const W = 1920;
  const H = 1080;
  const raw = Buffer.alloc(W * H * 3);
  let seed = 7;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const n = seed % 24;
      const i = (y * W + x) * 3;
      const block = ((x >> 7) + (y >> 7)) % 3;
      raw[i] = Math.min(255, 180 + (x % 60) + n);
      raw[i + 1] = block === 0 ? 40 + n : 90 + ((y >> 2) % 80);
      raw[i + 2] = block === 2 ? 200 - n : 50 + n;
    }
  }
  const reference = await sharp(raw, { raw: { width: W, height: H, channels: 3 } }).png().toBuffer();
  const patch = await sharp({ create: { width: 420, height: 160, channels: 3, background: '#ffd43b' } }).png().toBuffer();
  const draft = await sharp(reference).composite([{ input: patch, left: 300, top: 420 }]).png().toBuffer();
  const red = await sharp({ create: { width: 420, height: 160, channels: 3, background: '#ff0000' } }).png().toBuffer();
  const diff = await sharp(reference).greyscale().linear(0.35, 160).composite([{ input: red, left: 300, top: 420 }]).png().toBuffer();
  return { 'f-ref': reference, 'f-draft': draft, 'f-diff': diff };
}

// ---------------------------------------------------------------- stub API + static files

function stubServer(files: Record<string, Buffer>) {
  const sop = sixtyNodeSop();
  const at = new Date().toISOString();
  const me = { id: 'u1', email: 'owner@demo.test', name: 'Bench', roles: ['owner', 'qa'], orgId: 'o1', org: { id: 'o1', name: 'HQ', kind: 'internal' }, locale: 'zh-CN', timezone: 'Asia/Shanghai' };
  const reviewSop = { ...sop, nodes: sop.nodes.slice(0, 3).concat({ id: 'end', type: 'end' }), edges: [] };
  const job = {
    id: 'j1', code: 'BENCH-1', title: '1080p 横幅', status: 'running', sop: { key: 'bench-60', version: 1 }, vendorOrg: { id: 'o2', name: 'Vendor A' }, createdAt: at,
    steps: [{ nodeId: 'r1', type: 'review', status: 'active', round: 1, activatedAt: at, dueAt: null, completedAt: null, outcome: null, assigneeRole: 'qa' }],
    activeSteps: ['r1'], definition: reviewSop,
  };
  const api: Record<string, unknown> = {
    '/api/me': me,
    '/api/sops/bench-60': { key: 'bench-60', name: sop.name, draft: sop, versions: [] },
    '/api/notifications': { items: [], unread: 0 },
    '/api/jobs': { items: [{ ...job, activeSteps: [{ nodeId: 'r1', type: 'review', round: 1, dueAt: null }] }] },
    '/api/jobs/j1': job,
    '/api/jobs/j1/checks': {
      items: [{ id: 'c1', nodeId: 'c', round: 1, kind: 'visual', deliverable: 'design', passed: false, figures: { width: 1920, height: 1080, diffPixels: 67200, diffRatio: 0.032, regions: [{ x: 300, y: 420, width: 420, height: 160, pixels: 67200 }] }, reasons: [], artefacts: [{ kind: 'diff', fileId: 'f-diff' }], createdAt: at }],
    },
    '/api/jobs/j1/files': {
      versions: [{ deliverable: 'design', version: 1, fileId: 'f-draft', name: 'BENCH-1_design_v01.png', sha256: 'x', size: files['f-draft']!.length, mime: 'image/png', at, round: 1 }],
      references: [{ deliverable: 'design', fileId: 'f-ref', name: 'reference.png', sha256: 'y', size: files['f-ref']!.length, mime: 'image/png' }],
    },
  };
  const send = (res: ServerResponse, status: number, body: unknown, type = 'application/json') => {
    res.writeHead(status, { 'Content-Type': type });
    res.end(typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body));
  };
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const p = url.pathname;
    if (p.startsWith('/api/')) {
      const file = /^\/api\/files\/([^/]+)\/content$/.exec(p)?.[1];
      if (file && files[file]) return send(res, 200, files[file], 'image/png');
      if (p in api) return send(res, 200, api[p]);
      return send(res, 404, { title: 'Not Found', status: 404 }, 'application/problem+json');
    }
    const target = path.join(DIST, p);
    const asset = target.startsWith(DIST) && p !== '/' && fs.existsSync(target) && fs.statSync(target).isFile();
    const type = p.endsWith('.js') ? 'text/javascript' : p.endsWith('.css') ? 'text/css' : 'text/html';
    return send(res, 200, fs.readFileSync(asset ? target : path.join(DIST, 'index.html')), type);
  });
  return new Promise<{ url: string; close: () => void }>((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => server.close() }));
  });
}

// ---------------------------------------------------------------- browser timings

async function main(): Promise<void> {
  const chunks = bundle();
  const files = await images();
  const server = await stubServer(files);
  const browser = await launchBrowser();
  const fresh = async (viewport = { width: 1440, height: 900 }) => {
    const context = await browser.newContext({ baseURL: server.url, viewport, deviceScaleFactor: 1, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
    await context.addInitScript({ content: `localStorage.setItem('sop.token', 'bench'); localStorage.setItem('sop.locale', 'zh-CN');` });
    return { context, page: await context.newPage() };
  };
  const designer: Array<{ nodes: number; tti: number }> = [];
  const review: Array<{ side: number; diff: number; click: number }> = [];
  try {
    for (let run = 0; run <= RUNS; run++) {
      // Run 0 warms the OS file cache and Chromium's process pool; it is not counted.
      {
        const { context, page } = await fresh();
        await page.goto('/sops/bench-60', { waitUntil: 'commit' });
        const nodes = (await page.waitForFunction(
          `(() => { const ns = document.querySelectorAll('.react-flow__node'); if (ns.length !== ${NODE_COUNT}) return false;
             for (const n of ns) if (getComputedStyle(n).visibility === 'hidden') return false; return performance.now(); })()`,
          undefined,
          { polling: 'raf', timeout: 30_000 },
        ).then((h) => h.jsonValue())) as number;
        await page.getByTestId('node-r15').click();
        const tti = (await page.waitForFunction(
          `(() => { const h = document.querySelector('aside.inspector .props-head h2'); return h && h.textContent === '第 15 稿审核' ? performance.now() : false; })()`,
          undefined,
          { polling: 'raf', timeout: 10_000 },
        ).then((h) => h.jsonValue())) as number;
        if (run > 0) designer.push({ nodes, tti });
        await context.close();
      }
      {
        const { context, page } = await fresh();
        await page.goto('/qa/jobs/j1/r1', { waitUntil: 'commit' });
        const decoded = (alt: string) =>
          `[...document.querySelectorAll('img[alt="${alt}"]')].some((i) => i.complete && i.naturalWidth === 1920)`;
        const side = (await page.waitForFunction(`(${decoded('参考稿')} && ${decoded('提交稿')}) ? performance.now() : false`, undefined, { polling: 'raf', timeout: 30_000 }).then((h) => h.jsonValue())) as number;
        const clickAt = (await page.evaluate('performance.now()')) as number;
        await page.locator('[data-mode=heatmap]').click();
        const diff = (await page.waitForFunction(
          `(() => { const i = document.querySelector('img[alt="差异热力图"]'); return i && i.complete && i.naturalWidth === 1920 ? new Promise((r) => requestAnimationFrame(() => r(performance.now()))) : false; })()`,
          undefined,
          { polling: 'raf', timeout: 30_000 },
        ).then((h) => h.jsonValue())) as number;
        if (run > 0) review.push({ side, diff, click: diff - clickAt });
        await context.close();
      }
    }
  } finally {
    await browser.close();
    server.close();
  }

  const total = chunks.reduce((a, c) => ({ raw: a.raw + c.raw, gzip: a.gzip + c.gzip }), { raw: 0, gzip: 0 });
  const entry = chunks.filter((c) => /assets\/index-.*\.(js|css)$/.test(c.file) || c.file === 'index.html');
  const first = entry.reduce((a, c) => ({ raw: a.raw + c.raw, gzip: a.gzip + c.gzip }), { raw: 0, gzip: 0 });
  const ms = (x: number) => x.toFixed(0);
  const lines = [
    `\`npm run bench:web\` — ${new Date().toISOString().slice(0, 10)}, Node ${process.version}, ${os.cpus().length} cores, Chromium ${browser.version()} headless (Debian, flags of RECIPES.md), 1440×900, cold context per load, median of ${RUNS} loads after one warm-up.`,
    '',
    '| chunk | raw | gzip -9 |',
    '|---|---:|---:|',
    ...chunks.map((c) => `| \`${c.file}\` | ${kb(c.raw)} | ${kb(c.gzip)} |`),
    `| **total** | **${kb(total.raw)}** | **${kb(total.gzip)}** |`,
    `| first load (index.html + entry JS/CSS) | ${kb(first.raw)} | ${kb(first.gzip)} |`,
    '',
    '| screen | median ms | min | max |',
    '|---|---:|---:|---:|',
    `| designer, 60-node SOP: all nodes drawn | ${ms(median(designer.map((d) => d.nodes)))} | ${ms(Math.min(...designer.map((d) => d.nodes)))} | ${ms(Math.max(...designer.map((d) => d.nodes)))} |`,
    `| designer, 60-node SOP: **TTI** (nodes drawn + a click opened the node's properties) | **${ms(median(designer.map((d) => d.tti)))}** | ${ms(Math.min(...designer.map((d) => d.tti)))} | ${ms(Math.max(...designer.map((d) => d.tti)))} |`,
    `| QA review: reference + draft (1920×1080) decoded, side by side | ${ms(median(review.map((r) => r.side)))} | ${ms(Math.min(...review.map((r) => r.side)))} | ${ms(Math.max(...review.map((r) => r.side)))} |`,
    `| QA review: **1080p diff image shown** (navigation → heatmap painted) | **${ms(median(review.map((r) => r.diff)))}** | ${ms(Math.min(...review.map((r) => r.diff)))} | ${ms(Math.max(...review.map((r) => r.diff)))} |`,
    `| QA review: click "差异热力图" → diff painted | ${ms(median(review.map((r) => r.click)))} | ${ms(Math.min(...review.map((r) => r.click)))} | ${ms(Math.max(...review.map((r) => r.click)))} |`,
    '',
    `PNG sizes: reference ${kb(files['f-ref']!.length)}, draft ${kb(files['f-draft']!.length)}, diff ${kb(files['f-diff']!.length)}.`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
