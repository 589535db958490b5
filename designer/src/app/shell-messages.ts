import { defineMessages } from '../lib/i18n';

export const useShellT = defineMessages(
  {
    brand: '外发跟进',
    sops: 'SOP 设计',
    jobs: '任务',
    dashboard: '看板',
    qa: '质检队列',
    myTasks: '我的任务',
    signOut: '退出登录',
    language: '语言',
    zone: '时区',
    notFound: '页面不存在',
    notFoundHint: '链接可能已失效，或你没有访问权限。',
    loading: '正在加载…',
    mainNav: '主导航',
  },
  {
    brand: 'Follow-up',
    sops: 'SOP designer',
    jobs: 'Jobs',
    dashboard: 'Dashboard',
    qa: 'QA queue',
    myTasks: 'My tasks',
    signOut: 'Sign out',
    language: 'Language',
    zone: 'Time zone',
    notFound: 'Page not found',
    notFoundHint: 'The link may be out of date, or you have no access.',
    loading: 'Loading…',
    mainNav: 'Main navigation',
  },
);
