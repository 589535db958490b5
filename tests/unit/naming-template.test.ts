import { exampleFileName } from '../../core/naming/example';
import { matchFileName, MAX_FILE_NAME_LENGTH } from '../../core/naming/match';
import { sanitizeUploadName } from '../../core/naming/sanitize';
import { NamingTemplateError, parseNamingTemplate } from '../../core/naming/template';
import type { NamingVars } from '../../core/naming/vars';

const BANNER = '{job.code}_banner_v{version:2}.{ext:png|jpg}';
const DATED = '{job.code}_{date:YYYYMMDD}_{deliverable}.{ext:psd}';
const VENDOR = '{job.vendor}-{any}-v{version:3}.{ext:png|jpg|jpeg}';
const CHINESE = '店铺装修_{deliverable}_{date:YYYY-MM-DD}.{ext:png}';
const ARCHIVE = '{job.code}_{any}.{ext:tar.gz|zip}';
const LOGO = 'logo.{ext:svg}';
const EUROPEAN = '{date:DD.MM.YYYY}_{job.code}.{ext:pdf}';

const code: NamingVars = { 'job.code': 'ABC-001' };

/** [template, uploaded name, vars, passed, reasons as `code@part#index`] */
const table: Array<[string, string, NamingVars, boolean, string[]]> = [
  // names that pass
  [BANNER, 'ABC-001_banner_v01.png', code, true, []],
  [BANNER, 'ABC-001_banner_v01.JPG', code, true, []],
  [BANNER, 'C:\\fakepath\\ABC-001_banner_v02.jpg', code, true, []],
  [BANNER, '../../ABC-001_banner_v01.png', code, true, []],
  [BANNER, 'ABC-001_banner_v03.png', { ...code, version: 3 }, true, []],
  [BANNER, 'ABC-001_banner_v100.png', { ...code, version: 100 }, true, []],
  [BANNER, 'XYZ_banner_v07.png', {}, true, []],
  [DATED, 'ABC-001_20261008_banner.psd', { ...code, deliverable: 'banner', date: '2026-10-08' }, true, []],
  [VENDOR, '星辰设计-首页横幅-v001.png', { 'job.vendor': '星辰设计' }, true, []],
  [VENDOR, 'Cafe\u0301-x-v001.jpeg', { 'job.vendor': 'Caf\u00e9' }, true, []],
  [CHINESE, '店铺装修_首页横幅_2026-10-08.png', { deliverable: '首页横幅' }, true, []],
  [ARCHIVE, 'ABC-001_final.TAR.GZ', code, true, []],
  [LOGO, 'logo.SVG', {}, true, []],
  [EUROPEAN, '08.10.2026_ABC-001.pdf', code, true, []],
  // one wrong part, named
  [BANNER, 'ABC-01_banner_v01.png', code, false, ['value-mismatch@job.code#0']],
  [BANNER, 'ABC-0012_banner_v01.png', code, false, ['value-mismatch@job.code#0']],
  [BANNER, 'abc-001_banner_v01.png', code, false, ['case-mismatch@job.code#0']],
  [BANNER, 'ABC-001_banner_v1.png', code, false, ['version-digits@version#2']],
  [BANNER, 'ABC-001_banner_v001.png', code, false, ['version-digits@version#2']],
  [BANNER, 'ABC-001_banner_v02.png', { ...code, version: 3 }, false, ['version-mismatch@version#2']],
  [BANNER, 'ABC-001_banner_vA1.png', code, false, ['version-not-number@version#2']],
  [BANNER, 'ABC-001_banner_v01.gif', code, false, ['ext-not-allowed@ext#4']],
  [BANNER, 'ABC-001_banner_v01.png.png', code, false, ['ext-not-allowed@ext#4']],
  [BANNER, 'ABC-001v01.png', code, false, ['missing@literal#1']],
  [BANNER, 'ABC-001_v01.png', code, false, ['missing@literal#1']],
  [BANNER, 'ABC-001_Banner_v01.png', code, false, ['case-mismatch@literal#1']],
  [BANNER, 'ABC-001-banner-v01.png', code, false, ['literal-mismatch@literal#1']],
  [BANNER, 'ABC-banner-v01.png', {}, false, ['literal-mismatch@literal#1']],
  [BANNER, 'ABC-001_final_banner_v01.png', code, false, ['unexpected-text@literal#1']],
  [BANNER, 'ABC-001_banner_v01 (1).png', code, false, ['unexpected-text@literal#3']],
  [BANNER, 'ABC-001_banner_v01_final.png', code, false, ['unexpected-text@literal#3']],
  [DATED, 'ABC-001_2026-10-08_banner.psd', { ...code, deliverable: 'banner' }, false, ['date-format@date#2']],
  [DATED, 'ABC-001_20261340_banner.psd', { ...code, deliverable: 'banner' }, false, ['date-invalid@date#2']],
  [CHINESE, '店铺_首页横幅_2026-10-08.png', { deliverable: '首页横幅' }, false, ['missing@literal#0']],
  [CHINESE, '店铺装修_首页横幅_20261008.png', { deliverable: '首页横幅' }, false, ['date-format@date#3']],
  [ARCHIVE, 'ABC-001_final.rar', code, false, ['ext-not-allowed@ext#4']],
  [LOGO, 'Logo.svg', {}, false, ['case-mismatch@literal#0']],
  [LOGO, 'logo.svg.bak', {}, false, ['ext-not-allowed@ext#1']],
  [EUROPEAN, '2026.10.08_ABC-001.pdf', code, false, ['date-format@date#0']],
  [EUROPEAN, '31.02.2026_ABC-001.pdf', code, false, ['date-invalid@date#0']],
  // several wrong parts, left to right
  [BANNER, 'ABC-001_banner_v1.gif', code, false, ['version-digits@version#2', 'ext-not-allowed@ext#4']],
  [BANNER, 'ABC-001_banner_v01', code, false, ['missing@literal#3', 'missing@ext#4']],
  [BANNER, 'ABC-001_banner_.png', code, false, ['missing@literal#1', 'missing@version#2']],
  [
    DATED,
    'ABC-001_20261009_banners.psd',
    { ...code, deliverable: 'banner', date: '2026-10-08' },
    false,
    ['date-mismatch@date#2', 'value-mismatch@deliverable#4'],
  ],
  [
    VENDOR,
    '星晨设计-首页横幅-v1.png',
    { 'job.vendor': '星辰设计' },
    false,
    ['value-mismatch@job.vendor#0', 'version-digits@version#4'],
  ],
  [ARCHIVE, 'ABC-001.zip', code, false, ['missing@literal#1', 'missing@any#2']],
  [
    BANNER,
    'foo.gif',
    code,
    false,
    ['value-mismatch@job.code#0', 'missing@literal#1', 'missing@version#2', 'ext-not-allowed@ext#4'],
  ],
  // nothing usable
  [BANNER, '', code, false, ['empty-name@name#-1']],
  [BANNER, '../', code, false, ['empty-name@name#-1']],
  [BANNER, 'x'.repeat(MAX_FILE_NAME_LENGTH + 1), code, false, ['name-too-long@name#-1']],
];

describe('matchFileName', () => {
  it.each(table)('%s vs %j (%j) → passed %s, reasons %j', (template, name, vars, passed, reasons) => {
    const result = matchFileName(parseNamingTemplate(template), name, vars);
    expect(result.passed).toBe(passed);
    expect(result.reasons.map((r) => `${r.code}@${r.part}#${r.partIndex}`)).toEqual(reasons);
    // The example is always a name that passes.
    expect(matchFileName(parseNamingTemplate(template), result.example, vars).passed).toBe(true);
  });

  it('says which part is wrong, what was expected and what was found', () => {
    const t = parseNamingTemplate(BANNER);
    const [version] = matchFileName(t, 'ABC-001_banner_v1.png', code).reasons;
    expect(version).toEqual({
      code: 'version-digits',
      part: 'version',
      partIndex: 2,
      expected: '01',
      found: '1',
      message: "the version part must be 2 digits (found '1', expected e.g. '01')",
      messages: {
        en: "the version part must be 2 digits (found '1', expected e.g. '01')",
        'zh-CN': '版本号必须是2位数字（实际为“1”，例如“01”）',
      },
    });
    expect(matchFileName(t, 'ABC-001_banner_v01.gif', code).reasons[0]?.message).toBe(
      "extension must be one of png, jpg (found 'gif')",
    );
    expect(matchFileName(t, 'ABC-01_banner_v01.png', code).reasons[0]?.messages).toEqual({
      en: "The job code must be 'ABC-001' (found 'ABC-01')",
      'zh-CN': '任务编号应为“ABC-001”（实际为“ABC-01”）',
    });
    expect(matchFileName(t, 'ABC-001v01.png', code).reasons[0]).toMatchObject({
      expected: '_banner_v',
      found: 'v',
      message: "missing '_banner_' after the job code: expected '_banner_v', found 'v'",
    });
    expect(matchFileName(t, 'ABC-001_banner_v01 (1).png', code).reasons[0]?.message).toBe(
      "unexpected ' (1)' after the version: expected '.', found ' (1).'",
    );
    expect(matchFileName(t, 'ABC-001_banner_v01', code).reasons.map((r) => r.message)).toEqual([
      "missing '.' after the version",
      'missing the extension after \'.\' (one of png, jpg)',
    ]);
  });

  it('explains Chinese literals in Chinese too', () => {
    const [reason] = matchFileName(parseNamingTemplate(CHINESE), '店铺_首页横幅_2026-10-08.png', { deliverable: '首页横幅' }).reasons;
    expect(reason?.messages).toEqual({
      en: "missing '装修' after '店铺': expected '店铺装修_', found '店铺_'",
      'zh-CN': '在“店铺”之后缺少“装修”：应为“店铺装修_”，实际为“店铺_”',
    });
  });

  it('captures the text of each placeholder when the name passes', () => {
    const result = matchFileName(parseNamingTemplate(VENDOR), 'uploads/星辰设计-首页横幅-v001.PNG', { 'job.vendor': '星辰设计' });
    expect(result).toMatchObject({ passed: true, fileName: '星辰设计-首页横幅-v001.PNG' });
    expect(result.captured).toEqual({ 'job.vendor': '星辰设计', any: '首页横幅', version: '001', ext: 'PNG' });
    const twice = matchFileName(parseNamingTemplate('{any}_{any}.{ext:txt}'), 'a_b.txt');
    expect(twice.captured).toEqual({ any: 'a', 'any#2': 'b', ext: 'txt' });
    expect(matchFileName(parseNamingTemplate(BANNER), 'x.gif', code).captured).toBeUndefined();
  });

  it('builds the example from the job values, then from the vendor’s own acceptable values', () => {
    const result = matchFileName(parseNamingTemplate(VENDOR), '星晨设计-首页横幅-v1.png', { 'job.vendor': '星辰设计' });
    expect(result.example).toBe('星辰设计-首页横幅-v001.png');
  });

  it('compares NFC forms of the template, the values and the name', () => {
    const nfd = 'Cafe\u0301';
    const t = parseNamingTemplate(`${nfd}_{job.vendor}.{ext:png}`);
    expect(matchFileName(t, 'Caf\u00e9_Se\u0301bastien.png', { 'job.vendor': 'S\u00e9bastien' }).passed).toBe(true);
  });

  it('rejects malformed job values', () => {
    const t = parseNamingTemplate(BANNER);
    expect(() => matchFileName(t, 'a.png', { version: -1 })).toThrow('version must be an integer ≥ 0 (got -1)');
    expect(() => matchFileName(t, 'a.png', { date: '2026-02-30' })).toThrow('"2026-02-30" is not a date in the form YYYY-MM-DD');
  });
});

describe('sanitizeUploadName', () => {
  it.each([
    ['C:\\fakepath\\banner.png', 'banner.png'],
    ['../../etc/passwd', 'passwd'],
    ['..\\..\\x.png', 'x.png'],
    ['dir/sub/名字.png', '名字.png'],
    ['  a.png  ', 'a.png'],
    ['a\u0000b\u001f.png', 'ab.png'],
    ['C:a.png', 'a.png'],
    ['..', ''],
    ['/', ''],
    ['e\u0301.png', '\u00e9.png'],
  ])('%j → %j', (input, output) => {
    expect(sanitizeUploadName(input)).toBe(output);
  });
});

describe('exampleFileName', () => {
  it('uses the job values, version 1 and the first extension by default', () => {
    expect(exampleFileName(parseNamingTemplate(BANNER), code)).toBe('ABC-001_banner_v01.png');
    expect(exampleFileName(parseNamingTemplate(BANNER), { ...code, version: 12 })).toBe('ABC-001_banner_v12.png');
    expect(exampleFileName(parseNamingTemplate(DATED), { ...code, deliverable: 'banner', date: '2026-10-08' })).toBe(
      'ABC-001_20261008_banner.psd',
    );
    expect(exampleFileName(parseNamingTemplate(EUROPEAN), { date: '2026-10-08' })).toBe('08.10.2026_JOB-001.pdf');
  });

  it('falls back to fixed samples (no clock) when the job gives no value', () => {
    expect(exampleFileName(parseNamingTemplate('{job.vendor}_{deliverable}_{any}_{date:YYYYMMDD}.{ext:PNG|jpg}'))).toBe(
      'vendor_deliverable_text_20260131.png',
    );
  });

  it('writes literal braces from {{ and }}', () => {
    expect(exampleFileName(parseNamingTemplate('{{draft}}_{job.code}.{ext:png}'), code)).toBe('{draft}_ABC-001.png');
  });
});

describe('parseNamingTemplate', () => {
  it('splits a template into literal and placeholder parts with their positions', () => {
    expect(parseNamingTemplate(BANNER).parts).toEqual([
      { kind: 'job.code', start: 0, end: 10, raw: '{job.code}' },
      { kind: 'literal', text: '_banner_v', start: 10, end: 19, raw: '_banner_v' },
      { kind: 'version', digits: 2, start: 19, end: 30, raw: '{version:2}' },
      { kind: 'literal', text: '.', start: 30, end: 31, raw: '.' },
      { kind: 'ext', extensions: ['png', 'jpg'], start: 31, end: 44, raw: '{ext:png|jpg}' },
    ]);
  });

  it('reads date tokens in any order with separators, and extensions case-insensitively', () => {
    const [date] = parseNamingTemplate('{date:DD.MM.YYYY}').parts;
    expect(date).toMatchObject({
      kind: 'date',
      tokens: [{ kind: 'DD' }, { kind: 'separator', text: '.' }, { kind: 'MM' }, { kind: 'separator', text: '.' }, { kind: 'YYYY' }],
    });
    expect(parseNamingTemplate('{ext:PNG|Jpg|png}').parts[0]).toMatchObject({ extensions: ['png', 'jpg'] });
  });

  it.each([
    ['', 0, 'empty-template'],
    ['{job.code}_{foo}.png', 11, 'unknown-placeholder'],
    ['{Job.Code}.png', 0, 'unknown-placeholder'],
    ['{ job.code }.png', 0, 'unknown-placeholder'],
    ['{}', 0, 'empty-placeholder'],
    ['{job.code', 0, 'unclosed-brace'],
    ['a{job.code{version:2}}', 1, 'unclosed-brace'],
    ['a}b', 1, 'unmatched-close-brace'],
    ['{version}', 0, 'version-digits'],
    ['x{version:0}', 10, 'version-digits'],
    ['x{version:10}', 10, 'version-digits'],
    ['{date}', 0, 'date-pattern'],
    ['{date:YYYYMMXX}', 12, 'date-pattern'],
    ['{date:YYYYMMDDYYYY}', 14, 'date-pattern'],
    ['{date:YYYYDD}', 6, 'date-pattern'],
    ['{date:yyyymmdd}', 6, 'date-pattern'],
    ['{ext}', 0, 'ext-list'],
    ['{ext:png|.jpg}', 9, 'ext-list'],
    ['{ext:png||jpg}', 9, 'ext-list'],
    ['{job.code:x}', 9, 'placeholder-argument'],
    ['{any:3}', 4, 'placeholder-argument'],
    ['dir/{job.code}', 3, 'invalid-character'],
    ['a\\b', 1, 'invalid-character'],
    ['a\tb', 1, 'invalid-character'],
  ])('rejects %j at position %i (%s)', (template, position, errorCode) => {
    let error: unknown;
    try {
      parseNamingTemplate(template);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(NamingTemplateError);
    expect(error).toMatchObject({ name: 'NamingTemplateError', position, code: errorCode, template });
  });

  it('says what is wrong and where', () => {
    expect(() => parseNamingTemplate('{job.code}_{foo}.png')).toThrow(
      "unknown placeholder '{foo}'; use one of {job.code}, {job.vendor}, {deliverable}, {version:N}, {date:YYYYMMDD}, {ext:png|jpg}, {any} (at position 11 of \"{job.code}_{foo}.png\")",
    );
    expect(() => parseNamingTemplate('{ job.code }')).toThrow('(remove the spaces: {job.code})');
    expect(() => parseNamingTemplate('{Job.Code}')).toThrow('(placeholders are lower case: {job.code})');
  });
});
