import { timeZoneNames } from '../time/zonedTime';
import type { ControlProps } from './Field';

/**
 * A choice of every IANA zone the browser knows, UTC first. A value the browser does not list
 * (an alias such as Asia/Calcutta) is offered too: otherwise the select would show, and a save
 * would send, the first zone instead.
 */
export function TimeZoneSelect({
  value,
  onChange,
  ...control
}: ControlProps & { value: string; onChange(zone: string): void }) {
  const zones = timeZoneNames().includes(value) ? timeZoneNames() : [value, ...timeZoneNames()];
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      {zones.map((zone) => (
        <option key={zone}>{zone}</option>
      ))}
    </select>
  );
}
