import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconMessages } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { workspaceApi, type Me } from '../shared/api';
import { messageOf } from '../../report-error';

export function LoginForm({ notice, onSignedIn }: { notice?: string; onSignedIn: (me: Me) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await workspaceApi.login(email, password);
      onSignedIn(await workspaceApi.me());
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <Center mih="100dvh" p="md" bg="gray.0">
      <Paper component="main" withBorder shadow="sm" p="xl" w="100%" maw={400}>
        <form onSubmit={(e) => void submit(e)} aria-labelledby="login-title">
          <Stack>
            <Stack gap={4} align="center">
              <IconMessages size={40} stroke={1.5} color="var(--mantine-color-indigo-6)" aria-hidden />
              <Title order={1} size="h2" id="login-title">
                Sign in to Parley
              </Title>
              <Text c="dimmed" size="sm">
                Agent Workspace
              </Text>
            </Stack>
            {notice && !error && <Alert color="yellow">{notice}</Alert>}
            {error && (
              <Alert color="red" role="alert" title="Sign-in failed">
                {error}
              </Alert>
            )}
            <TextInput
              label="Email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => setEmail(e.currentTarget.value)}
            />
            <PasswordInput
              label="Password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => setPassword(e.currentTarget.value)}
            />
            <Button type="submit" loading={busy} fullWidth>
              Sign in
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
