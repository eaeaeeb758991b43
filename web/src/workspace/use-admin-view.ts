import { useCallback, useEffect, useState } from 'react';

// The admin area has its own address (/admin) so a reload or Back keeps the admin where they were.
const isAdminPath = () => /^\/admin\/?$/.test(window.location.pathname);

export function useAdminView(allowed: boolean) {
  const [admin, setAdmin] = useState(() => allowed && isAdminPath());
  useEffect(() => {
    const onPop = () => setAdmin(allowed && isAdminPath());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [allowed]);
  const show = useCallback((on: boolean) => {
    if (on !== isAdminPath()) window.history.pushState(null, '', on ? '/admin' : '/');
    setAdmin(on);
  }, []);
  return { admin, show };
}
