import { useCallback, useState } from 'react';

// The chosen phone is in the address (?phone=+1…), so a reload or a second tab shows the same phone.
function fromLocation(): string | null {
  return new URLSearchParams(window.location.search).get('phone');
}

export function usePhoneSelection() {
  const [phone, setPhone] = useState<string | null>(fromLocation);
  const choose = useCallback((number: string | null) => {
    const url = new URL(window.location.href);
    if (number) url.searchParams.set('phone', number);
    else url.searchParams.delete('phone');
    window.history.replaceState(null, '', url);
    setPhone(number);
  }, []);
  return { phone, choose };
}
