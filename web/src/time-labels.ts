// How long ago / how long left, in the words an agent reads at a glance.

export function elapsedLabel(fromIso: string, now: number): string {
  return secondsLabel((now - Date.parse(fromIso)) / 1000);
}

/** A duration as an agent reads it: "45 s", "3 min", "2 h 5 min", "3 days". */
export function secondsLabel(duration: number): string {
  const seconds = Math.max(0, Math.round(duration));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours} h ${minutes % 60} min`;
  return `${Math.floor(hours / 24)} days`;
}

export function agoLabel(fromIso: string, now: number): string {
  return now - Date.parse(fromIso) < 10_000 ? 'just now' : `${elapsedLabel(fromIso, now)} ago`;
}

/** m:ss until the deadline, never negative. */
export function countdownLabel(msLeft: number): string {
  const s = Math.max(0, Math.ceil(msLeft / 1000));
  const ss = String(s % 60).padStart(2, '0');
  // A manager's offer may run a day (SPEC §17): hours, not 1440 minutes.
  if (s >= 3600) return `${Math.floor(s / 3600)}:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${ss}`;
  return `${Math.floor(s / 60)}:${ss}`;
}

const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });
const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** A message's time: the clock time today, the date too on other days. */
export function messageTimeLabel(iso: string, now: number): string {
  const d = new Date(iso);
  return new Date(now).toDateString() === d.toDateString() ? timeFormat.format(d) : dateTimeFormat.format(d);
}

export function fullTimeLabel(iso: string): string {
  return dateTimeFormat.format(new Date(iso));
}

/** Time left before an automatic step: m:ss under an hour, h:mm:ss under a day, then "1d 23h". Never negative. */
export function timeLeftLabel(msLeft: number): string {
  const s = Math.max(0, Math.ceil(msLeft / 1000));
  if (s < 3600) return countdownLabel(s * 1000);
  if (s < 86_400) return `${Math.floor(s / 3600)}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
  const hours = Math.floor(s / 3600);
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
