import { StatusBadge } from '../../components/status-badge';
import { personName, type FileVersion } from '../../lib/api-types';
import { useLocale } from '../../lib/i18n';
import { formatDateTime } from '../../lib/time';
import { useSession } from '../auth/session-context';
import { useJobT } from './job-messages';
import { formatBytes } from './reason-text';
import { DownloadLink } from './handed-in';

/** Every version of every deliverable, newest first, like a Git log per file; each name downloads that version (old ones too). */
export function FileHistory({ versions }: { versions: FileVersion[] }) {
  const t = useJobT();
  const { locale } = useLocale();
  const { zone } = useSession();
  if (versions.length === 0) return <p className="muted">{t('noFiles')}</p>;
  const sorted = [...versions].sort((a, b) => a.deliverable.localeCompare(b.deliverable) || b.version - a.version);
  return (
    <ol className="file-log">
      {sorted.map((v) => (
        <li key={`${v.deliverable}-${v.version}`}>
          <span className="version-tag">v{v.version}</span>
          <div className="file-main">
            <div className="file-name">
              <code>
                <DownloadLink fileId={v.fileId} name={v.name} />
              </code>
              {v.naming && <StatusBadge status={v.naming.passed ? 'passed' : 'failed'} />}
            </div>
            <div className="muted small">
              {v.deliverable} · {formatBytes(v.size)} · {personName(v.uploadedBy)} · {formatDateTime(v.at, zone, locale)} · <span className="mono">{v.sha256.slice(0, 10)}</span>
            </div>
          </div>
        </li>
      ))}
    </ol>
  );
}
