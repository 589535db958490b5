import { defineMessages } from '../../lib/i18n';

export const useRiskT = defineMessages(
  {
    atRisk: '可能延期', risk: '延期风险', badge: '风险 {pct}%', title: '延期风险', empty: '当前没有可能延期的步骤',
    none: '尚未训练延期风险模型', notEnough: '历史数据不足（已完成 {n} 个供应商步骤，需要 {min} 个），暂不预测延期风险', trainedAt: '模型训练于 {at}',
    noneActive: '没有进行中的供应商步骤', factors: '主要因素', step: '步骤', round: '第 {n} 轮',
    'f.vendorLateRate': '供应商在此步骤的延期率', 'f.vendorLateRateAll': '供应商整体延期率', 'f.round': '返工轮次', 'f.hoursLeft': '剩余工作时间',
    'f.typicalVsWindow': '通常用时相对期限', 'f.elapsedVsTypical': '已用时超过通常', 'f.elapsedShare': '期限已过比例', 'f.openLoad': '供应商在手任务多',
    'f.holidaysAhead': '期间有节假日', 'f.silenceHours': '久未汇报或上传', 'f.missedReports': '漏交报告', 'f.reportGap': '漏报多于平时', 'f.lateSilence': '后期沉默',
    'f.paceLate': '按供应商以往速度易超期', 'f.paceOverrun': '至今未完成，按以往速度易超期', 'f.loadAtStart': '开始时在手任务多', 'f.reportEvidence': '汇报情况像以往延期的步骤',
  },
  {
    atRisk: 'At risk', risk: 'Delay risk', badge: 'Risk {pct}%', title: 'At risk of finishing late', empty: 'No step is at risk of finishing late',
    none: 'The delay-risk model has not been trained yet', notEnough: 'Not enough history yet ({n} finished vendor steps of the {min} needed): no delay risk is predicted', trainedAt: 'Model trained {at}',
    noneActive: 'No active vendor step', factors: 'Main factors', step: 'Step', round: 'round {n}',
    'f.vendorLateRate': "Vendor's late rate on this step", 'f.vendorLateRateAll': "Vendor's overall late rate", 'f.round': 'Rework round', 'f.hoursLeft': 'Business time left',
    'f.typicalVsWindow': 'Usual time vs the window', 'f.elapsedVsTypical': 'Longer than usual so far', 'f.elapsedShare': 'Share of the window gone', 'f.openLoad': "Vendor's open load",
    'f.holidaysAhead': 'Holidays ahead', 'f.silenceHours': 'No report or upload for a while', 'f.missedReports': 'Missed reports', 'f.reportGap': 'More missed reports than usual', 'f.lateSilence': 'Silence late in the window',
    'f.paceLate': "Vendor's usual pace runs close to the deadline", 'f.paceOverrun': 'Still open, and at this pace likely to run over', 'f.loadAtStart': "Vendor's open load when the step started", 'f.reportEvidence': 'Reporting like on steps that ended late',
  },
);

export type RiskKey = Parameters<ReturnType<typeof useRiskT>>[0];
