import { useRef, type ReactNode } from 'react';
import { useEditorT } from './editor-messages';

export interface ToolbarProps {
  title: string;
  canUndo: boolean;
  canRedo: boolean;
  issueCount: number;
  dirty: boolean;
  busy?: 'saving' | 'publishing';
  onUndo: () => void;
  onRedo: () => void;
  onAutoLayout: () => void;
  onImport: (text: string) => void;
  onExport: () => void;
  onSave?: () => void;
  onPublish?: () => void;
  onVersions?: () => void;
  extra?: ReactNode;
}

export function EditorToolbar(p: ToolbarProps) {
  const t = useEditorT();
  const fileRef = useRef<HTMLInputElement>(null);
  return (
    <div className="editor-toolbar" role="toolbar" aria-label="SOP">
      <div className="toolbar-title">
        <h1>{p.title}</h1>
        {p.dirty && <span className="dirty-dot" title={t('unsaved')} aria-label={t('unsaved')} />}
        <span className={`validity ${p.issueCount ? 'bad' : 'good'}`} role="status">
          {p.issueCount ? t(p.issueCount === 1 ? 'problems.one' : 'problems', { count: p.issueCount }) : `✓ ${t('valid')}`}
        </span>
      </div>
      <div className="toolbar-group">
        <button type="button" className="btn icon" onClick={p.onUndo} disabled={!p.canUndo} title={`${t('undo')} (Ctrl+Z)`} aria-label={t('undo')}>
          ↶
        </button>
        <button type="button" className="btn icon" onClick={p.onRedo} disabled={!p.canRedo} title={`${t('redo')} (Ctrl+Shift+Z)`} aria-label={t('redo')}>
          ↷
        </button>
        <span className="toolbar-sep" />
        <button type="button" className="btn" onClick={p.onAutoLayout}>
          {t('autoLayout')}
        </button>
        <button type="button" className="btn" onClick={() => fileRef.current?.click()}>
          {t('import')}
        </button>
        <input
          ref={fileRef}
          type="file"
          accept="application/json,.json"
          hidden
          aria-label={t('import')}
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (file) void file.text().then(p.onImport);
          }}
        />
        <button type="button" className="btn" onClick={p.onExport}>
          {t('export')}
        </button>
        {p.onVersions && (
          <button type="button" className="btn" onClick={p.onVersions}>
            {t('versions')}
          </button>
        )}
        {p.extra}
        <span className="toolbar-sep" />
        {p.onSave && (
          <button type="button" className="btn" onClick={p.onSave} disabled={!!p.busy}>
            {p.busy === 'saving' ? t('saving') : t('saveDraft')}
          </button>
        )}
        {p.onPublish && (
          <button type="button" className="btn primary" onClick={p.onPublish} disabled={!!p.busy || p.issueCount > 0}>
            {p.busy === 'publishing' ? t('publishing') : t('publish')}
          </button>
        )}
      </div>
    </div>
  );
}
