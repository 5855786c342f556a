/** A number format made on first use: the first one made loads the locale data, which every CLI start-up paid for. */
function numberFormat(options: Intl.NumberFormatOptions): Pick<Intl.NumberFormat, 'format'> {
  let made: Intl.NumberFormat | undefined;
  return { format: (n: number) => (made ??= new Intl.NumberFormat('en-US', options)).format(n) };
}

const value = numberFormat({ maximumFractionDigits: 2 });
const whole = numberFormat({ maximumFractionDigits: 0 });
const gap = numberFormat({ minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A measured or target value: grouped, at most two decimals; a dash when absent. */
export const formatValue = (n: number | null): string => (n === null ? '—' : value.format(n));

/** A count of rows. */
export const formatCount = (n: number): string => whole.format(n);

/** A signed difference in percent. */
export const formatGap = (percent: number | null): string => (percent === null ? '—' : `${gap.format(percent)}%`);
