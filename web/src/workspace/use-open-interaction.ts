import { useCallback, useEffect, useState } from 'react';

// The open conversation is in the address (/interactions/<id>): a reload or a shared link reopens it, Back closes it.
const PATH = /^\/interactions\/([0-9a-fA-F-]{36})\/?$/;

function idFromLocation(): string | null {
  return PATH.exec(window.location.pathname)?.[1] ?? null;
}

export function useOpenInteraction() {
  const [openId, setOpenId] = useState<string | null>(idFromLocation);
  useEffect(() => {
    const onPop = () => setOpenId(idFromLocation());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const open = useCallback((id: string) => {
    if (idFromLocation() !== id) window.history.pushState(null, '', `/interactions/${id}`);
    setOpenId(id);
  }, []);
  const close = useCallback(() => {
    if (idFromLocation() !== null) window.history.pushState(null, '', '/');
    setOpenId(null);
  }, []);
  return { openId, open, close };
}
