import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AppProviders } from '../AppProviders';
import { WorkspaceApp } from './WorkspaceApp';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <AppProviders>
      <WorkspaceApp />
    </AppProviders>
  </StrictMode>,
);
