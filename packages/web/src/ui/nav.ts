import type { Role } from '../session/roles';

/**
 * The shell's navigation, in order. Station pages take the current station's id; each helper
 * adds its line here (and its route in router.tsx). `minRole` hides entries the global role
 * can never use (the API still decides).
 */
interface NavEntry {
  label: string;
  /** A route path; `$stationId` is filled with the current station. */
  to: string;
  station: boolean;
  minRole?: Role;
}

export const NAV: NavEntry[] = [
  { label: 'Stations', to: '/', station: false },
  { label: 'On Air', to: '/stations/$stationId/on-air', station: true },
  { label: 'Library', to: '/stations/$stationId/library', station: true },
  { label: 'Playlists', to: '/stations/$stationId/playlists', station: true },
  { label: 'Smart blocks', to: '/stations/$stationId/smart-blocks', station: true },
  { label: 'Clocks', to: '/stations/$stationId/clocks', station: true },
  { label: 'Schedule', to: '/stations/$stationId/schedule', station: true },
  { label: 'Webstreams', to: '/stations/$stationId/webstreams', station: true },
  { label: 'Live', to: '/stations/$stationId/live', station: true },
  { label: 'People', to: '/stations/$stationId/people', station: true },
  { label: 'Outputs', to: '/stations/$stationId/outputs', station: true },
  { label: 'Reports', to: '/stations/$stationId/reports', station: true, minRole: 'manager' },
];
