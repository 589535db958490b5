import type { JobDetail, JobStep } from '../../lib/api-types';

export interface Person {
  id: string;
  name: string;
  email: string;
}

/** Who a step waits for: its own reassignment, else the person bound to its role, else (vendor steps: anyone there may act) the vendor organisation; nothing while people are unknown. */
export function assigneeOf(step: JobStep, job: Pick<JobDetail, 'assignees' | 'vendorOrg'>, people: Person[]): string | undefined {
  const id = step.assigneeUserId ?? (step.assigneeRole ? job.assignees?.[step.assigneeRole] : undefined);
  const person = id ? people.find((p) => p.id === id) : undefined;
  if (person) return person.name || person.email;
  return step.assigneeRole === 'vendor' ? job.vendorOrg?.name : undefined;
}
