import { defineMessages } from '../../lib/i18n';

export const useMonthlyT = defineMessages(
  {
    title: '月度报告', subtitle: '每月 1 日 09:00（组织时区）自动生成上月的供应商报告（PDF 含图表，及 Excel），并邮件发送给经理和采购。',
    period: '月份', range: '统计区间', built: '生成时间', vendors: '供应商数', trigger: '来源', schedule: '定时', manual: '手动', download: '下载',
    empty: '还没有月度报告：第一份将在下月 1 日生成。', loading: '正在加载…', buildMonth: '补生成月份', build: '立即生成',
    built1: '已生成 {period} 的报告。', existed: '{period} 的报告已存在，未重复生成。', building: '正在生成…',
  },
  {
    title: 'Monthly reports', subtitle: 'On the 1st at 09:00 (the organisation\'s zone) last month\'s vendor report is built (a PDF with charts, and Excel) and e-mailed to managers and procurement.',
    period: 'Month', range: 'Covers', built: 'Built', vendors: 'Vendors', trigger: 'Source', schedule: 'Scheduled', manual: 'On request', download: 'Download',
    empty: 'No monthly report yet: the first one is built on the 1st of next month.', loading: 'Loading…', buildMonth: 'Month to build', build: 'Build now',
    built1: 'The report of {period} was built.', existed: 'The report of {period} existed already; nothing was built twice.', building: 'Building…',
  },
);
