/**
 * `sop-check` as a QA engineer runs it: the real bin script in a child
 * process, asserting exit status, stdout and the one-line stderr contract.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

jest.setTimeout(60_000);

const ROOT = join(__dirname, '..', '..');
const BIN = join(ROOT, 'bin', 'sop-check.js');
const image = (name: string): string => join(ROOT, 'tests', 'fixtures', 'images', name);
const sopFile = (name: string): string => join(ROOT, 'tests', 'fixtures', 'sop', name);

interface Run { code: number; stdout: string; stderr: string }

function sopCheck(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, SOP_CHECK_DEBUG: '' } }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** Exit 2 with exactly one line on stderr, no stack trace, nothing on stdout. */
function expectBadInput(run: Run, pattern: RegExp): void {
  expect(run.code).toBe(2);
  expect(run.stdout).toBe('');
  expect(run.stderr).toMatch(/^sop-check( \w+)?: [^\n]+\n$/);
  expect(run.stderr).toMatch(pattern);
  expect(run.stderr).not.toMatch(/\n\s+at /);
}

describe('sop-check visual', () => {
  it('exits 0 and prints the figures as JSON for an identical draft', async () => {
    const run = await sopCheck('visual', image('reference.png'), image('draft-identical.png'), '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(JSON.parse(run.stdout)).toEqual({ passed: true, width: 1200, height: 600, diffPixels: 0, diffRatio: 0, regions: [], reasons: [] });
  });

  it('exits 1 with a short summary for a moved element', async () => {
    const run = await sopCheck('visual', image('reference.png'), image('draft-moved.png'));
    expect(run.code).toBe(1);
    expect(run.stdout.split('\n')[0]).toBe('FAIL  30,888 px differ (4.29 %) in 1 region');
  });

  it('writes the diff image where --diff says and reports it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sop-check-'));
    try {
      const out = join(dir, 'out.png');
      const run = await sopCheck('visual', image('reference.png'), image('draft-word.png'), '--diff', out, '--max-diff-ratio', '0.0001', '--json');
      expect(run.code).toBe(1);
      const result = JSON.parse(run.stdout);
      expect(result).toMatchObject({ passed: false, diffPixels: 132, diffImage: out });
      expect(Object.keys(result)).toEqual(['passed', 'width', 'height', 'diffPixels', 'diffRatio', 'regions', 'diffImage', 'reasons']);
      expect(result.regions[0]).toEqual({ x: expect.any(Number), y: expect.any(Number), width: expect.any(Number), height: expect.any(Number), pixels: expect.any(Number) });
      expect(existsSync(out)).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes a changed logo once its area is ignored', async () => {
    const run = await sopCheck('visual', image('reference.png'), image('draft-logo.png'), '--max-diff-ratio', '0', '--ignore', '0,0,220,90');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('PASS  0 px differ (0 %)\n');
  });

  it('exits 1 naming both sizes when the draft has another size', async () => {
    const run = await sopCheck('visual', image('reference.png'), image('draft-small.png'));
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('FAIL  draft is 1000×500 but the reference is 1200×600\n');
  });

  it.each([
    ['empty.png', /empty\.png: file is empty \(0 bytes\)/],
    ['truncated.png', /truncated\.png: image is corrupt or truncated/],
    ['corrupt.png', /corrupt\.png: image is corrupt or truncated/],
    ['gif-named.png', /gif-named\.png: GIF images are not accepted/],
    ['text-named.png', /text-named\.png: not a supported image/],
    ['over-limit.png', /over-limit\.png: image is 7000×6000 \(42 MP\), over the 40 MP limit/],
    ['missing.png', /missing\.png: file not found/],
  ])('exits 2 with one line on stderr for %s', async (file, pattern) => {
    expectBadInput(await sopCheck('visual', image('reference.png'), image(file)), pattern);
  });

  it.each([
    [['--threshold', '2'], /--threshold must be a number from 0 to 1; got "2"/],
    [['--max-diff-ratio', 'lots'], /--max-diff-ratio must be a number from 0 to 1; got "lots"/],
    [['--ignore', '1,2,3'], /--ignore expects x,y,w,h as four integers; got "1,2,3"/],
    [['--ignore', '0,0,0,5'], /width=0/],
    [['--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 for the invalid arguments %j', async (extra, pattern) => {
    expectBadInput(await sopCheck('visual', image('reference.png'), image('draft-identical.png'), ...extra), pattern);
  });

  it('exits 2 when an image argument is missing', async () => {
    expectBadInput(await sopCheck('visual', image('reference.png')), /expected <reference> <draft>, got 1 argument\(s\)/);
  });
});

describe('sop-check ocr', () => {
  it('prints the text, confidence and languages as JSON', async () => {
    const run = await sopCheck('ocr', image('reference.png'), '--lang', 'eng+chi_sim', '--json');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['text', 'confidence', 'languages']);
    expect(result.text).toContain('双十一');
    expect(result.text).toContain('Summer Sale 50% OFF');
    expect(result.languages).toEqual(['eng', 'chi_sim']);
  });

  it('exits 2 for a corrupt image and for an unknown language', async () => {
    expectBadInput(await sopCheck('ocr', image('truncated.png')), /truncated\.png: image is corrupt or truncated/);
    expectBadInput(await sopCheck('ocr', image('reference.png'), '--lang', 'eng+fra'), /OCR languages must be among eng, chi_sim, chi_tra/);
  });
});

describe('sop-check naming', () => {
  const TEMPLATE = '{job.code}_banner_v{version:2}.{ext:png|jpg}';

  it('exits 0 for a matching name', async () => {
    const run = await sopCheck('naming', TEMPLATE, 'ABC_banner_v01.png', '--var', 'job.code=ABC');
    expect(run).toEqual({ code: 0, stdout: 'PASS  ABC_banner_v01.png\n', stderr: '' });
  });

  it('exits 1 with reasons and an example as JSON for a wrong name', async () => {
    const run = await sopCheck('naming', TEMPLATE, 'ABC_banner_v1.gif', '--var', 'job.code=ABC', '--var', 'version=1', '--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['passed', 'reasons', 'example']);
    expect(result.passed).toBe(false);
    expect(result.example).toBe('ABC_banner_v01.png');
    expect(result.reasons.map((r: { code: string }) => r.code)).toEqual(['version-digits', 'ext-not-allowed']);
  });

  it('exits 2 for a template that does not parse', async () => {
    expectBadInput(await sopCheck('naming', '{job.code_banner', 'x.png'), /'\{' is not closed by '\}'/);
  });

  it('exits 2 for an unknown or malformed --var', async () => {
    expectBadInput(await sopCheck('naming', TEMPLATE, 'x.png', '--var', 'colour=red'), /--var expects key=value/);
    expectBadInput(await sopCheck('naming', TEMPLATE, 'x.png', '--var', 'version=v2'), /--var version must be an integer >= 0; got "v2"/);
  });
});

describe('sop-check validate', () => {
  it('exits 0 for a valid SOP', async () => {
    const run = await sopCheck('validate', sopFile('valid/minimal-review.json'));
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^VALID {2}/);
  });

  it('exits 1 with the errors as JSON for an invalid SOP', async () => {
    const run = await sopCheck('validate', sopFile('invalid/edge-unknown-node.json'), '--json');
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    expect(Object.keys(result)).toEqual(['valid', 'errors']);
    expect(result.valid).toBe(false);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.errors[0]).toEqual(expect.objectContaining({ code: expect.any(String), path: expect.any(String), message: expect.any(String) }));
  });

  it('exits 2 for a file that is missing or not JSON', async () => {
    expectBadInput(await sopCheck('validate', sopFile('nope.json')), /nope\.json: file not found/);
    expectBadInput(await sopCheck('validate', image('text-named.png')), /text-named\.png: not valid JSON/);
  });
});

describe('sop-check itself', () => {
  it('exits 2 for an unknown command', async () => {
    expectBadInput(await sopCheck('paint'), /unknown command "paint"/);
  });

  it('prints usage and exits 2 without a command', async () => {
    const run = await sopCheck();
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/^usage:/);
  });
});
