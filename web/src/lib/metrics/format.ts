const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];

/** "512 B", "1.5 GiB", "120 MiB": binary units, as docker stats and free(1) count memory. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '–';
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Three significant figures at most: 1.23 GiB, 12.3 GiB, 123 GiB.
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${trimZeros(value.toFixed(digits))} ${BYTE_UNITS[unit]}`;
}

/** "12.5 %", "0.4 %", "180 %" (a service on two cores can pass 100). */
export function formatPercent(percent: number | null | undefined): string {
  if (percent === null || percent === undefined || !Number.isFinite(percent)) return '–';
  const digits = Math.abs(percent) >= 100 ? 0 : Math.abs(percent) >= 10 ? 1 : percent === 0 ? 0 : 1;
  return `${trimZeros(percent.toFixed(digits))} %`;
}

/** Used share of a total, 0..100; null when the total is unknown. */
export function shareOf(used: number, total: number): number | null {
  if (!Number.isFinite(used) || !Number.isFinite(total) || total <= 0) return null;
  return Math.min(100, Math.max(0, (used / total) * 100));
}

/** Load average as uptime(1) prints it. */
export function formatLoad(load: number | null | undefined): string {
  if (load === null || load === undefined || !Number.isFinite(load)) return '–';
  return load.toFixed(2);
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}
