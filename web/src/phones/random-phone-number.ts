// 555-0100…0199 numbers are reserved for fiction in North America, so a random phone never texts a real person.
const AREA_CODES = ['212', '305', '312', '415', '503', '512', '617', '646', '720', '808'];

export function randomPhoneNumber(): string {
  const area = AREA_CODES[Math.floor(Math.random() * AREA_CODES.length)];
  return `+1${area}55501${String(Math.floor(Math.random() * 100)).padStart(2, '0')}`;
}
