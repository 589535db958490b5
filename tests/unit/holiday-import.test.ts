import { HolidayFileError, parseHolidayFile, previewHolidayImport } from '../../core/time/holiday-import';
import type { BusinessCalendarSpec } from '../../core/sop/types';

/** The holiday-cn file layout (github.com/NateScarlet/holiday-cn), Spring Festival 2027 shortened. */
const HOLIDAY_CN_2027 = JSON.stringify({
  year: 2027,
  papers: ['https://www.gov.cn/…'],
  days: [
    { name: '元旦', date: '2027-01-01', isOffDay: true },
    { name: '春节', date: '2027-02-06', isOffDay: true },
    { name: '春节', date: '2027-02-07', isOffDay: true },
    { name: '春节', date: '2027-02-13', isOffDay: false },
  ],
});

const WORKWEEK: BusinessCalendarSpec = { workdays: [1, 2, 3, 4, 5], hours: ['09:00', '18:00'] };

const unreadable = (text: string, year?: number): string => {
  try {
    parseHolidayFile(text, year);
  } catch (error) {
    expect(error).toBeInstanceOf(HolidayFileError);
    expect((error as HolidayFileError).code).toBe('holiday-file-unreadable');
    return (error as Error).message;
  }
  throw new Error('expected the file to be refused');
};

describe('parseHolidayFile', () => {
  it('reads a holiday-cn JSON file into holidays and make-up workdays', () => {
    const s = parseHolidayFile(HOLIDAY_CN_2027, 2027);
    expect(s.year).toBe(2027);
    expect(s.holidays).toEqual(['2027-01-01', '2027-02-06', '2027-02-07']);
    expect(s.makeUpWorkdays).toEqual(['2027-02-13']);
    expect(s.days).toHaveLength(4);
  });

  it('reads a CSV with a header, English and Chinese types, quotes and a BOM', () => {
    const csv = '\uFEFFdate,name,type\r\n2027-10-01,国庆节,休\n"2027-10-02","国庆节",off\n2027-09-26,国庆节调休,班\n2027-10-09,,work\n';
    const s = parseHolidayFile(csv);
    expect(s).toMatchObject({ year: 2027, holidays: ['2027-10-01', '2027-10-02'], makeUpWorkdays: ['2027-09-26', '2027-10-09'] });
  });

  it.each([
    ['', undefined, 'the file is empty'],
    ['{ "year": 2027 ', undefined, 'the file is not valid JSON'],
    ['{ "year": 2027 }', undefined, 'the JSON file has no "days" list'],
    ['{ "year": 2027, "days": [ { "date": "2027-02-30", "isOffDay": true } ] }', undefined, 'days[0]: "2027-02-30" is not a date YYYY-MM-DD'],
    ['{ "year": 2027, "days": [ { "date": "2027-02-01", "isOffDay": "yes" } ] }', undefined, 'days[0]: "isOffDay" must be true or false'],
    ['2027-10-01,国庆节,maybe', undefined, 'line 1: type "maybe" must be off, work, 休 or 班'],
    ['2027-10-01,国庆节,休\n2027-10-01,国庆节,班', undefined, '2027-10-01 is listed both as a day off and as a make-up workday'],
    [HOLIDAY_CN_2027, 2026, 'the file is for 2027, not 2026'],
    ['2027-10-01,a,off\n2030-10-01,b,off', undefined, '2030-10-01 is not in 2027'],
  ])('refuses %j (year %p) saying %j', (text, year, message) => {
    expect(unreadable(text, year)).toContain(message);
  });
});

describe('previewHolidayImport', () => {
  it('adds every date of a calendar without holidays', () => {
    const p = previewHolidayImport(WORKWEEK, parseHolidayFile(HOLIDAY_CN_2027));
    expect(p.holidays).toEqual({ added: ['2027-01-01', '2027-02-06', '2027-02-07'], removed: [] });
    expect(p.makeUpWorkdays).toEqual({ added: ['2027-02-13'], removed: [] });
    expect(p.spec).toEqual({ ...WORKWEEK, holidays: ['2027-01-01', '2027-02-06', '2027-02-07'], workdaysExtra: ['2027-02-13'] });
  });

  it('replaces the year of the file and keeps other years', () => {
    const before: BusinessCalendarSpec = { ...WORKWEEK, holidays: ['2026-10-01', '2027-01-01', '2027-02-05'], workdaysExtra: ['2026-10-10', '2027-02-14'] };
    const p = previewHolidayImport(before, parseHolidayFile(HOLIDAY_CN_2027));
    expect(p.holidays).toEqual({ added: ['2027-02-06', '2027-02-07'], removed: ['2027-02-05'] });
    expect(p.makeUpWorkdays).toEqual({ added: ['2027-02-13'], removed: ['2027-02-14'] });
    expect(p.spec.holidays).toEqual(['2026-10-01', '2027-01-01', '2027-02-06', '2027-02-07']);
    expect(p.spec.workdaysExtra).toEqual(['2026-10-10', '2027-02-13']);
  });

  it('a file identical to the calendar changes nothing', () => {
    const once = previewHolidayImport(WORKWEEK, parseHolidayFile(HOLIDAY_CN_2027));
    const twice = previewHolidayImport(once.spec, parseHolidayFile(HOLIDAY_CN_2027));
    expect(twice.holidays).toEqual({ added: [], removed: [] });
    expect(twice.makeUpWorkdays).toEqual({ added: [], removed: [] });
    expect(twice.spec).toEqual(once.spec);
  });

  it('a neighbouring-year date the file lists the other way round moves lists', () => {
    const before: BusinessCalendarSpec = { ...WORKWEEK, holidays: ['2028-01-02'] };
    const file = '2027-10-01,国庆节,off\n2028-01-02,调休,班';
    const p = previewHolidayImport(before, parseHolidayFile(file));
    expect(p.holidays).toEqual({ added: ['2027-10-01'], removed: ['2028-01-02'] });
    expect(p.makeUpWorkdays).toEqual({ added: ['2028-01-02'], removed: [] });
  });
});
