import parsePrometheusTextFormat, { type MetricFamily } from 'parse-prometheus-text-format';

/** A scrape parsed with a Prometheus text-format parser, with lookups by name and labels. */
export function parseScrape(text: string) {
  const families: MetricFamily[] = parsePrometheusTextFormat(text);
  const family = (name: string) => families.find((f) => f.name === name);
  const matches = (labels: Record<string, string> | undefined, want: Record<string, string>) =>
    Object.entries(want).every(([k, v]) => labels?.[k] === v);
  return {
    families,
    family,
    /** The value of the one sample with these labels (0 when absent). */
    value(name: string, labels: Record<string, string> = {}): number {
      const sample = family(name)?.metrics.find((m) => matches(m.labels, labels));
      return sample?.value === undefined ? 0 : Number(sample.value);
    },
    /** The sum over every sample with these labels. */
    sum(name: string, labels: Record<string, string> = {}): number {
      return (family(name)?.metrics ?? [])
        .filter((m) => matches(m.labels, labels))
        .reduce((total, m) => total + Number(m.value ?? m.count ?? 0), 0);
    },
  };
}
