const value = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
const whole = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const gap = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });

/** A measured or target value: grouped, at most two decimals; a dash when absent. */
export const formatValue = (n: number | null): string => (n === null ? '—' : value.format(n));

/** A count of rows. */
export const formatCount = (n: number): string => whole.format(n);

/** A signed difference in percent. */
export const formatGap = (percent: number | null): string => (percent === null ? '—' : `${gap.format(percent)}%`);
