// NOT-2: a short two-note tone made with the Web Audio API (no audio file to ship or fetch).

let context: AudioContext | null = null;

/**
 * Creates (or wakes) the page's AudioContext. Browsers start one made without a click suspended; calling this from
 * the click that turns alerts on lets the later tones play.
 */
export function prepareAlertSound(): AudioContext | null {
  if (typeof window === 'undefined' || !('AudioContext' in window)) return null;
  context ??= new AudioContext();
  if (context.state === 'suspended') void context.resume().catch(() => undefined);
  return context;
}

export function playAlertSound(): void {
  const ctx = prepareAlertSound();
  if (!ctx) return;
  const start = ctx.currentTime;
  for (const [offset, frequency] of [[0, 880], [0.16, 1175]] as const) {
    const oscillator = ctx.createOscillator();
    const gain = ctx.createGain();
    oscillator.type = 'sine';
    oscillator.frequency.value = frequency;
    gain.gain.setValueAtTime(0.0001, start + offset);
    gain.gain.exponentialRampToValueAtTime(0.2, start + offset + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.14);
    oscillator.connect(gain).connect(ctx.destination);
    oscillator.start(start + offset);
    oscillator.stop(start + offset + 0.15);
  }
}
