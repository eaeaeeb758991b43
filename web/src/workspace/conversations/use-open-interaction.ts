import { useCallback } from 'react';
import { useLocation, useNavigate } from 'react-router';

// The open conversation is in the address (/interactions/<id>): a reload or a shared link reopens it, Back closes it.
const PATH = /^\/interactions\/([0-9a-fA-F-]{36})\/?$/;

export function useOpenInteraction() {
  const { pathname } = useLocation();
  const navigate = useNavigate();
  const openId = PATH.exec(pathname)?.[1] ?? null;
  const open = useCallback(
    (id: string) => {
      if (openId !== id) void navigate(`/interactions/${id}`);
    },
    [openId, navigate],
  );
  const close = useCallback(() => {
    if (openId !== null) void navigate('/');
  }, [openId, navigate]);
  return { openId, open, close };
}
