import { IANAZone } from 'luxon';
import { unprocessable } from '../http/problem';

/** 422 `timezone-unknown` unless `zone` (when given) is an IANA time zone such as `Asia/Shanghai`. */
export function checkTimeZone(zone: string | undefined, path = 'body/timezone'): void {
  if (zone !== undefined && !IANAZone.isValidZone(zone)) {
    throw unprocessable('timezone-unknown', `"${zone}" is not an IANA time zone (for example Asia/Shanghai, Europe/Berlin).`, [{ path, message: 'unknown time zone' }]);
  }
}
