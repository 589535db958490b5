import { useState } from 'react';
import { exampleFileName } from '../../../../core/naming/example';
import { parseNamingTemplate } from '../../../../core/naming/template';
import type { NamingVars } from '../../../../core/naming/vars';
import type { DeliverableSpec } from '../../../../core/sop/types';
import { downloadStoredFile } from '../../lib/download-file';
import { useFileUrl } from '../../lib/use-file-url';
import { useVendorT } from './vendor-messages';

export interface ReferenceFile {
  fileId: string;
  name: string;
  mime?: string;
}

/** A file name that follows `naming` with this job's values (undefined when the template does not parse). */
export function liveExample(naming: string | undefined, vars: NamingVars): string | undefined {
  if (!naming) return undefined;
  try {
    return exampleFileName(parseNamingTemplate(naming), vars);
  } catch {
    return undefined;
  }
}

/** What the vendor works from for one deliverable: the naming rule with a name that passes it, and the reference file to match. */
export function DeliverableContext({ spec, vars, reference }: { spec: DeliverableSpec; vars: NamingVars; reference?: ReferenceFile }) {
  const t = useVendorT();
  const example = liveExample(spec.naming, vars);
  return (
    <div className="deliverable-context small">
      {spec.naming && (
        <div className="muted">
          {t('template')}: <code>{spec.naming}</code>
          {example && (
            <>
              {' '}
              · {t('exampleName')}: <code className="example-name">{example}</code>
            </>
          )}
        </div>
      )}
      {reference && <ReferencePreview reference={reference} />}
    </div>
  );
}

function ReferencePreview({ reference }: { reference: ReferenceFile }) {
  const t = useVendorT();
  const image = !reference.mime || reference.mime.startsWith('image/');
  const { url } = useFileUrl(image ? reference.fileId : undefined);
  const [failed, setFailed] = useState(false);
  return (
    <div className="reference-file row">
      {url && <img src={url} alt={t('referenceAlt', { name: reference.name })} className="reference-thumb" />}
      <span className="muted">{t('reference')}:</span>
      <button type="button" className="btn small ghost" onClick={() => void downloadStoredFile(reference.fileId, reference.name).catch(() => setFailed(true))}>
        ⬇ {reference.name}
      </button>
      {failed && <span className="field-error">{t('downloadFailed')}</span>}
    </div>
  );
}
