import { Link } from '../../lib/router';
import { useMigrationT } from './migration-messages';

/** To the screen that moves an SOP's running jobs to another version (shown once it has two versions). */
export function MigrateJobsLink({ sopKey }: { sopKey: string }) {
  const t = useMigrationT();
  return (
    <Link to={`/sops/${encodeURIComponent(sopKey)}/migrations`} className="btn">
      {t('open')}
    </Link>
  );
}
