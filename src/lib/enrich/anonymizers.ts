/**
 * Networks (AS numbers) that mainly run Tor exit relays or commercial VPN exits. A call from one of
 * them is made through an anonymizer even when no exact Tor exit list is loaded. One row per AS,
 * each with where it comes from and when it was compiled. Compiled offline (no live lookup here):
 * re-check a row against the AS registry and Tor Metrics before relying on it for a block.
 */
export interface AnonymizerRow {
  asn: number;
  org: string;
  kind: 'tor' | 'vpn';
  source: string;
  /** Date the row was compiled (YYYY-MM-DD). */
  compiled: string;
}

const TOR_METRICS =
  'Tor Metrics relay search, exits aggregated by AS (metrics.torproject.org/rs.html#aggregate/as)';

export const ANONYMIZERS: readonly AnonymizerRow[] = [
  {
    asn: 60729,
    org: 'Stiftung Erneuerbare Freiheit',
    kind: 'tor',
    source: `${TOR_METRICS}; operator of the former torservers.net exits`,
    compiled: '2026-11-30',
  },
  {
    asn: 208323,
    org: 'Foundation for Applied Privacy',
    kind: 'tor',
    source: `${TOR_METRICS}; applied-privacy.net (Tor exit operator)`,
    compiled: '2026-11-30',
  },
  {
    asn: 4224,
    org: 'The Calyx Institute',
    kind: 'tor',
    source: `${TOR_METRICS}; calyxinstitute.org (runs Tor exit relays)`,
    compiled: '2026-11-30',
  },
  {
    asn: 396507,
    org: 'Emerald Onion',
    kind: 'tor',
    source: `${TOR_METRICS}; emeraldonion.org (non-profit Tor exit operator)`,
    compiled: '2026-11-30',
  },
  {
    asn: 205100,
    org: 'F3 Netze e.V.',
    kind: 'tor',
    source: `${TOR_METRICS}; f3netze.de (association running Tor exits)`,
    compiled: '2026-11-30',
  },
  {
    asn: 39351,
    org: '31173 Services AB (Mullvad VPN)',
    kind: 'vpn',
    source:
      'mullvad.net blog "No tears, let’s get carried away with our new tier one provider" (31173 is Mullvad’s hosting provider)',
    compiled: '2026-11-30',
  },
  {
    asn: 136787,
    org: 'TEFINCOM S.A. (NordVPN)',
    kind: 'vpn',
    source: 'AS registry entry of TEFINCOM S.A., the company behind NordVPN',
    compiled: '2026-11-30',
  },
  {
    asn: 147049,
    org: 'PacketHub S.A. (NordVPN servers)',
    kind: 'vpn',
    source: 'AS registry entry of PacketHub S.A., NordVPN’s server operator',
    compiled: '2026-11-30',
  },
  {
    asn: 209854,
    org: 'Cyberzone S.A. (Surfshark)',
    kind: 'vpn',
    source: 'AS registry entry of Cyberzone S.A., the company behind Surfshark VPN',
    compiled: '2026-11-30',
  },
];

const BY_ASN = new Map(ANONYMIZERS.map((row) => [row.asn, row]));

export const anonymizerOf = (asn: number | undefined): AnonymizerRow | undefined =>
  asn === undefined ? undefined : BY_ASN.get(asn);
