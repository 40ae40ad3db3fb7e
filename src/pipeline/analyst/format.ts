/** Money the way a salesperson says it: "$950", "$182k", "$1.4M". */
export function formatMoney(amount: number): string {
  const n = Math.max(0, amount);
  if (n < 1000) return `$${Math.round(n)}`;
  const thousands = Math.round(n / 1000);
  if (thousands < 1000) return `$${thousands}k`;
  return `$${Number((n / 1_000_000).toFixed(1))}M`;
}

/** A whole number with thousands separators: 42000 → "42,000". */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** A fraction as a percent: 0.135 → "13.5%". */
export function formatPercent(fraction: number): string {
  return `${Number((fraction * 100).toFixed(1))}%`;
}

/** Field names for people: "building_sqft" → "building size". */
export function describeField(field: string): string {
  const names: Record<string, string> = {
    employee_count: 'employee count',
    site_count: 'site count',
    website: 'website',
    building_sqft: 'building size',
    state: 'state',
    industry: 'industry',
  };
  return names[field] ?? field.replace(/_/g, ' ');
}
