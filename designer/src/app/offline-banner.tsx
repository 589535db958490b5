import { defineMessages } from '../lib/i18n';
import { useNetworkStatus } from '../lib/network-status';
import './offline-banner.css';

const useT = defineMessages(
  {
    offline: '离线 — 当前显示的是上次保存的内容，恢复网络后自动更新。',
    unreachable: '无法连接服务器 — 当前显示的是上次保存的内容，正在等待网络。',
    waiting: '等待网络：{n} 个上传将在恢复连接后自动继续，请勿关闭页面。',
  },
  {
    offline: 'Offline — showing what was saved last; it updates when you are back online.',
    unreachable: 'Cannot reach the server — showing what was saved last; waiting for the connection.',
    waiting: 'Waiting for connection: {n} upload(s) will continue when you are back online; keep this page open.',
  },
);

/** Says when the app is offline or cannot reach the server, and which uploads wait for the connection. */
export function OfflineBanner() {
  const t = useT();
  const { offline, unreachable, waitingUploads } = useNetworkStatus();
  if (!offline && !unreachable && waitingUploads === 0) return null;
  return (
    <div className="offline-banner" role="status" aria-live="polite">
      {(offline || unreachable) && <p>{offline ? t('offline') : t('unreachable')}</p>}
      {waitingUploads > 0 && <p>{t('waiting', { n: waitingUploads })}</p>}
    </div>
  );
}
