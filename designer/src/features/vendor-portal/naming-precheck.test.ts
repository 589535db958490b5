import { describe, expect, it } from 'vitest';
import { precheckFile, splitProgress } from './naming-precheck';

const banner = { id: 'banner', label: 'Banner', naming: '{job.code}_banner_v{version:2}.{ext:png|jpg}', accept: ['image/png', 'image/jpeg'], maxBytes: 1000 };
const vars = { 'job.code': 'DD11-042', deliverable: 'banner', version: 3 };

describe('naming pre-check before upload', () => {
  it('passes a name that follows the template with the job values', () => {
    expect(precheckFile(banner, { name: 'DD11-042_banner_v03.png', type: 'image/png', size: 10 }, vars)).toMatchObject({ ok: true, naming: { passed: true } });
  });

  it('explains a wrong name and offers the correct one', () => {
    const result = precheckFile(banner, { name: 'banner final.png', type: 'image/png', size: 10 }, vars);
    expect(result.ok).toBe(false);
    expect(result.naming?.example).toBe('DD11-042_banner_v03.png');
    expect(result.naming?.reasons.length).toBeGreaterThan(0);
    expect(result.naming?.reasons[0]?.messages['zh-CN']).toBeTruthy();
  });

  it('refuses a type outside accept and a file over maxBytes', () => {
    const result = precheckFile(banner, { name: 'DD11-042_banner_v03.png', type: 'application/pdf', size: 5000 }, vars);
    expect(result).toMatchObject({ ok: false, typeError: { type: 'application/pdf' }, sizeError: { size: 5000, max: 1000 } });
  });
});

describe('upload progress', () => {
  it('splits one request’s progress over the files in part order', () => {
    expect(splitProgress(0.5, [100, 100])).toEqual([1, 0]);
    expect(splitProgress(0.75, [100, 100])).toEqual([1, 0.5]);
    expect(splitProgress(1, [100, 300])).toEqual([1, 1]);
  });
});
