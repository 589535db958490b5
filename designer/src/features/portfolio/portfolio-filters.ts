import { GANTT_ZOOMS, type GanttZoom } from '../../components/gantt/gantt-layout';

export const JOB_STATUSES = ['running', 'completed', 'cancelled', 'failed', 'stuck'] as const;

/** What the portfolio page shows, kept in its URL (`/portfolio?sop=&vendor=&status=&from=&to=&zoom=`). */
export interface PortfolioFilters {
  sop: string;
  vendor: string;
  status: string;
  /** `YYYY-MM-DD` in the viewer's zone, or ''. */
  from: string;
  to: string;
  zoom: GanttZoom;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The filters a URL query names; anything malformed reads as unset (zoom: week). */
export function filtersFromSearch(search: URLSearchParams): PortfolioFilters {
  const date = (key: string) => (DATE.test(search.get(key) ?? '') ? (search.get(key) as string) : '');
  const zoom = search.get('zoom') as GanttZoom;
  const status = search.get('status') ?? '';
  return {
    sop: search.get('sop') ?? '',
    vendor: search.get('vendor') ?? '',
    status: (JOB_STATUSES as readonly string[]).includes(status) ? status : '',
    from: date('from'),
    to: date('to'),
    zoom: GANTT_ZOOMS.includes(zoom) ? zoom : 'week',
  };
}

/** The query string of the filters, set values only; `withZoom` false for the API (zoom is the page's). */
export function searchOf(filters: PortfolioFilters, withZoom = true): string {
  const params = new URLSearchParams();
  for (const key of ['sop', 'vendor', 'status', 'from', 'to'] as const) if (filters[key]) params.set(key, filters[key]);
  if (withZoom && filters.zoom !== 'week') params.set('zoom', filters.zoom);
  return params.toString();
}
