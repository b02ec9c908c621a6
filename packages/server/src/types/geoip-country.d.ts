// geoip-country ships no types; only the lookup the listener sessions use is declared.
declare module 'geoip-country' {
  interface Country {
    /** ISO 3166-1 alpha-2. */
    country: string;
  }
  const geoip: { lookup(address: string): Country | null };
  export default geoip;
}
