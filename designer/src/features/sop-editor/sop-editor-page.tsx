import { useCallback, useEffect, useRef, useState } from 'react';
import type { SopDefinition } from '../../../../core/sop/types';
import { Loading } from '../../components/empty-state';
import { ProblemBanner } from '../../components/problem-banner';
import { apiRequest } from '../../lib/api-client';
import type { SopDetail } from '../../lib/api-types';
import { ApiError, problemOf, type Problem } from '../../lib/problem';
import { useRouter } from '../../lib/router';
import { useEditorT } from './editor-messages';
import { newSopDefinition } from './new-sop';
import { coerceDefinition } from './coerce-definition';
import { SopEditor } from './sop-editor';
import { VersionsPanel } from './versions-panel';
import { MigrateJobsLink } from '../migrations/migrate-jobs-link';

/** Loads an SOP (its draft, else its latest version) and wires save, publish and versions to the API. */
export function SopEditorPage({ sopKey }: { sopKey?: string }) {
  const t = useEditorT();
  const { navigate } = useRouter();
  const [detail, setDetail] = useState<SopDetail | null>(null);
  const [initial, setInitial] = useState<SopDefinition | null>(sopKey ? null : newSopDefinition());
  const [loadProblem, setLoadProblem] = useState<Problem>();
  const [problem, setProblem] = useState<Problem | null>(null);
  const [notice, setNotice] = useState<{ tone: 'good' | 'bad'; text: string } | null>(null);
  /** The definition the versions panel compares against (the editor's as it was when opened), or null when closed. */
  const [showVersions, setShowVersions] = useState<SopDefinition | null>(null);
  const latest = useRef<SopDefinition | null>(null);

  useEffect(() => {
    if (!notice) return;
    const id = window.setTimeout(() => setNotice(null), 4000);
    return () => window.clearTimeout(id);
  }, [notice]);

  const load = useCallback(async (key: string) => {
    const res = await apiRequest<SopDetail>(`/sops/${encodeURIComponent(key)}`);
    setDetail(res);
    return res;
  }, []);

  useEffect(() => {
    if (!sopKey) return;
    load(sopKey)
      .then((res) => setInitial(coerceDefinition(res.draft ?? res.latest?.definition) ?? newSopDefinition()))
      .catch((e: unknown) => setLoadProblem(problemOf(e)));
  }, [sopKey, load]);

  const save = async (def: SopDefinition): Promise<string> => {
    setProblem(null);
    try {
      const exists = !!detail;
      const res = exists
        ? await apiRequest<{ key: string; version: number }>(`/sops/${encodeURIComponent(detail.key)}/draft`, { method: 'PUT', body: { definition: def } })
        : await apiRequest<{ key: string; version: number }>('/sops', { method: 'POST', body: { definition: def } });
      setNotice({ tone: 'good', text: t('saved', { version: res.version }) });
      if (!exists) {
        await load(res.key);
        navigate(`/sops/${encodeURIComponent(res.key)}`, { replace: true });
      }
      return res.key;
    } catch (e) {
      setProblem(problemOf(e));
      throw e;
    }
  };

  const publish = async (def: SopDefinition) => {
    const key = await save(def);
    try {
      const res = await apiRequest<{ version: number }>(`/sops/${encodeURIComponent(key)}/publish`, { method: 'POST' });
      setNotice({ tone: 'good', text: t('published', { version: res.version }) });
      await load(key);
    } catch (e) {
      if (!(e instanceof ApiError && e.problem.type?.endsWith('sop-unchanged'))) setProblem(problemOf(e));
      else setNotice({ tone: 'good', text: e.problem.detail ?? '' });
      throw e;
    }
  };

  if (loadProblem) {
    return (
      <div className="page">
        <ProblemBanner problem={loadProblem} title={t('loadFailed')} />
      </div>
    );
  }
  if (!initial) return <Loading label={t('loading')} />;
  return (
    <>
      <SopEditor
        initial={initial}
        keyLocked={!!detail}
        onSave={async (d) => void (await save(d))}
        onPublish={publish}
        onVersions={detail ? () => setShowVersions(latest.current) : undefined}
        toolbarExtra={detail && detail.versions.length > 1 ? <MigrateJobsLink sopKey={detail.key} /> : undefined}
        onDefinitionChange={(d) => {
          latest.current = d;
        }}
        notice={notice}
        problem={problem}
      />
      {showVersions && detail && (
        <VersionsPanel sopKey={detail.key} versions={detail.versions} current={showVersions} onClose={() => setShowVersions(null)} />
      )}
    </>
  );
}
