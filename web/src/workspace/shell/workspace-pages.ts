// Pure, without React: the unit tests read it in Node.
import type { Me } from '../shared/api';

/** The Workspace's pages: the agent's work, the manager's view and the admin area. */
export type WorkspaceView = 'work' | 'manager' | 'admin';

export const VIEW_PATHS: Record<WorkspaceView, string> = { work: '/', manager: '/manager', admin: '/admin' };

/** Who may open each page; the api refuses the others' calls anyway, this only picks the page to show. */
export function mayOpen(view: WorkspaceView, role: Me['role']): boolean {
  if (view === 'admin') return role === 'admin';
  if (view === 'manager') return role !== 'agent';
  return true;
}

/** The page an address belongs to, or null for an address no page has (the not-found page). */
export function viewAt(pathname: string): WorkspaceView | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  if (path === '/' || path.startsWith('/interactions/')) return 'work';
  if (path === '/manager') return 'manager';
  if (path === '/admin' || path.startsWith('/admin/')) return 'admin';
  return null;
}
