import { defineMessages } from '../../lib/i18n';

export const useAuthT = defineMessages(
  {
    title: '外发跟进',
    subtitle: '从 SOP 到交付：每个外发任务都有人跟、有期限、有检查。',
    email: '邮箱',
    password: '密码',
    submit: '登录',
    submitting: '正在登录…',
    failed: '登录失败',
    demoHint: '演示账号：owner@demo.test、qa@demo.test、vendor-a@demo.test，密码在服务启动时打印。',
    loading: '正在加载…',
    inviteTitle: '接受邀请', inviteSubtitle: '设置你的姓名和密码，即可开始使用。', name: '姓名', newPassword: '新密码（至少 {n} 位）',
    accept: '创建账户', inviteFailed: '无法接受邀请',
    sessionEnded: '你已被登出：会话已过期，或账户已被管理员停用。请重新登录。',
  },
  {
    title: 'Outsourcing follow-up',
    subtitle: 'From SOP to delivery: every outsourced job followed, on time, checked.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    submitting: 'Signing in…',
    failed: 'Sign-in failed',
    demoHint: 'Demo accounts: owner@demo.test, qa@demo.test, vendor-a@demo.test; the password is printed when the server starts.',
    loading: 'Loading…',
    inviteTitle: 'Accept your invitation', inviteSubtitle: 'Choose your name and a password to get started.', name: 'Name', newPassword: 'New password (at least {n} characters)',
    accept: 'Create account', inviteFailed: 'Could not accept the invitation',
    sessionEnded: 'You were signed out: your session expired, or an admin disabled your account. Sign in again.',
  },
);
