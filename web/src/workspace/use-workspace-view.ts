import { useCallback, useEffect, useState } from 'react';
import type { Me } from '../api';

/** The Workspace's pages: the agent's work, the manager's view (SPEC §10) and the admin area. */
export type WorkspaceView = 'work' | 'manager' | 'admin';

const PATHS: Record<WorkspaceView, string> = { work: '/', manager: '/manager', admin: '/admin' };

// Each page has its own address so a reload or Back keeps the user where they were.
function viewAt(role: Me['role']): WorkspaceView {
  const path = window.location.pathname.replace(/\/$/, '') || '/';
  if (path === PATHS.admin && role === 'admin') return 'admin';
  if (path === PATHS.manager && role !== 'agent') return 'manager';
  return 'work';
}

export function useWorkspaceView(role: Me['role']) {
  const [view, setView] = useState<WorkspaceView>(() => viewAt(role));
  useEffect(() => {
    const onPop = () => setView(viewAt(role));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [role]);
  const show = useCallback((next: WorkspaceView) => {
    if (window.location.pathname !== PATHS[next]) window.history.pushState(null, '', PATHS[next]);
    setView(next);
  }, []);
  return { view, show };
}
