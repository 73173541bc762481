/** `m:ss.cc` (or `h:mm:ss.cc`), the way caption editors show cue times. */
export function formatTime(seconds: number): string {
  const whole = Math.floor(seconds);
  const hundredths = Math.round((seconds - whole) * 100);
  const carry = hundredths === 100 ? 1 : 0;
  const total = whole + carry;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  const cc = String(carry ? 0 : hundredths).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}.${cc}` : `${m}:${s}.${cc}`;
}

export function formatDuration(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  const m = Math.floor(total / 60);
  return total % 60 === 0 ? `${m} min` : `${m} min ${total % 60} s`;
}

export function formatDate(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}
