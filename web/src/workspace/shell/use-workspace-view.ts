import { useLocation } from 'react-router';
import { viewAt, type WorkspaceView } from './workspace-pages';

export { mayOpen, viewAt, VIEW_PATHS, type WorkspaceView } from './workspace-pages';

export function useWorkspaceView(): WorkspaceView | null {
  return viewAt(useLocation().pathname);
}
