import { stopSharedServers } from './servers';

export async function mochaGlobalTeardown(): Promise<void> {
  await stopSharedServers();
}
