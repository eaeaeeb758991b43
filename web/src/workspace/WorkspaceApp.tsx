import { Alert, Button, Center, Loader } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { BrowserRouter } from 'react-router';
import { ApiError, workspaceApi, type Me } from './shared/api';
import { messageOf } from '../report-error';
import { LoginForm } from './shell/LoginForm';
import { WorkspacePage } from './shell/WorkspacePage';

type Session =
  | { status: 'checking' }
  | { status: 'signed-out'; notice?: string }
  | { status: 'unreachable'; message: string }
  | { status: 'signed-in'; me: Me };

/** Every page of the Workspace has its own address (use-workspace-view.ts); the api serves index.html for each. */
export function WorkspaceApp() {
  return (
    <BrowserRouter>
      <SessionGate />
    </BrowserRouter>
  );
}

/** The session lives in an HttpOnly cookie: GET /api/me tells whether it is still good. */
function SessionGate() {
  const [session, setSession] = useState<Session>({ status: 'checking' });

  const checkSession = useCallback((notice?: string) => {
    workspaceApi.me().then(
      (me) => setSession({ status: 'signed-in', me }),
      (err: unknown) => {
        if (err instanceof ApiError && err.status === 401) setSession({ status: 'signed-out', notice });
        else setSession({ status: 'unreachable', message: messageOf(err) });
      },
    );
  }, []);

  useEffect(() => {
    checkSession();
  }, [checkSession]);

  switch (session.status) {
    case 'checking':
      return (
        <Center h="100dvh">
          <Loader aria-label="Loading the Workspace" />
        </Center>
      );
    case 'unreachable':
      return (
        <Center h="100dvh" p="md">
          <Alert color="red" title="The Workspace cannot reach Parley" maw={480}>
            {session.message}
            <Button mt="md" onClick={() => checkSession()}>
              Try again
            </Button>
          </Alert>
        </Center>
      );
    case 'signed-out':
      return <LoginForm notice={session.notice} onSignedIn={(me) => setSession({ status: 'signed-in', me })} />;
    case 'signed-in':
      return (
        <WorkspacePage
          me={session.me}
          onSignedOut={() => setSession({ status: 'signed-out' })}
          onSessionLost={() => checkSession('Your session has ended. Sign in again.')}
        />
      );
  }
}
