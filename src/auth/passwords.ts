import { hash, verify } from '@node-rs/argon2';

// Argon2id (the library's default algorithm) with OWASP's 19 MiB / 2 iterations baseline: memory-hard.
const OPTIONS = { memoryCost: 19456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
