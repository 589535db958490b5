import { useId, useRef, useState, type DragEvent } from 'react';
import type { DeliverableSpec } from '../../../../core/sop/types';
import { useLocale } from '../../lib/i18n';
import { formatBytes, reasonText } from '../jobs/reason-text';
import type { Precheck } from './naming-precheck';
import type { NamingVars } from '../../../../core/naming/vars';
import { DeliverableContext, type ReferenceFile } from './deliverable-context';
import { useVendorT } from './vendor-messages';

interface Props {
  spec: DeliverableSpec;
  file: File | undefined;
  precheck: Precheck | undefined;
  progress: number | undefined;
  nextVersion: number;
  disabled?: boolean;
  onFile: (file: File | undefined) => void;
  /** This job's values for the naming template's placeholders (for the live example). */
  vars: NamingVars;
  /** The job's reference file for this deliverable, if it has one. */
  reference?: ReferenceFile;
}

/** One deliverable: drop or pick a file, see the naming verdict before uploading, then the upload progress. */
export function DeliverableDrop({ spec, file, precheck, progress, nextVersion, disabled, onFile, vars, reference }: Props) {
  const t = useVendorT();
  const { locale } = useLocale();
  const inputId = useId();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const f = e.dataTransfer.files[0];
    if (f && !disabled) onFile(f);
  };
  const example = precheck?.naming && !precheck.naming.passed ? precheck.naming.example : undefined;
  return (
    <div className="deliverable">
      <div className="deliverable-head">
        <label htmlFor={inputId} className="deliverable-label">
          {spec.label || spec.id}
        </label>
        <span className="muted small">{t('nextVersion', { version: nextVersion })}</span>
      </div>
      <DeliverableContext spec={spec} vars={vars} reference={reference} />
      <div
        className={`dropzone${over ? ' over' : ''}${file ? ' has-file' : ''}${precheck && !precheck.ok ? ' bad' : ''}${precheck?.ok ? ' good' : ''}`}
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={onDrop}
        onClick={() => !disabled && input.current?.click()}
        role="button"
        tabIndex={0}
        aria-label={`${spec.label || spec.id}: ${t('drop')}`}
        onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && input.current?.click()}
      >
        <input
          id={inputId}
          ref={input}
          type="file"
          hidden
          accept={spec.accept?.join(',')}
          onChange={(e) => {
            onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        {file ? (
          <div className="file-chip">
            <span className="file-icon" aria-hidden="true">
              {file.name.split('.').pop()?.toUpperCase().slice(0, 4)}
            </span>
            <span className="file-chip-text">
              <span className="file-chip-name">{file.name}</span>
              <span className="muted small">{formatBytes(file.size)}</span>
            </span>
            {!disabled && (
              <button
                type="button"
                className="icon-btn"
                aria-label={t('remove')}
                onClick={(e) => {
                  e.stopPropagation();
                  onFile(undefined);
                }}
              >
                ×
              </button>
            )}
          </div>
        ) : (
          <span className="drop-hint">
            <span className="drop-icon" aria-hidden="true">↑</span>
            {over ? t('dropActive') : t('drop')}
          </span>
        )}
      </div>
      {progress !== undefined && (
        <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(progress * 100)} aria-label={spec.label}>
          <span style={{ width: `${Math.round(progress * 100)}%` }} />
        </div>
      )}
      {file && precheck && (
        <div className={`precheck ${precheck.ok ? 'ok' : 'bad'}`} aria-live="polite">
          {precheck.naming && (
            <div className="precheck-line">
              <strong>{precheck.naming.passed ? `✓ ${t('namingOk')}` : `✕ ${t('namingBad')}`}</strong>
              {!precheck.naming.passed && (
                <ul className="reasons">
                  {precheck.naming.reasons.map((r, i) => (
                    <li key={i}>{reasonText(r, locale)}</li>
                  ))}
                </ul>
              )}
              {example && (
                <button type="button" className="btn small" onClick={() => onFile(new File([file], example, { type: file.type }))}>
                  {t('useExample', { name: example })}
                </button>
              )}
            </div>
          )}
          {precheck.typeError && <div className="precheck-line">✕ {t('wrongType', precheck.typeError)}</div>}
          {precheck.sizeError && <div className="precheck-line">✕ {t('tooBig', { size: formatBytes(precheck.sizeError.size), max: formatBytes(precheck.sizeError.max) })}</div>}
        </div>
      )}
    </div>
  );
}
