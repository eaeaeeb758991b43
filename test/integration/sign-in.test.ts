import assert from 'node:assert/strict';
import { startParley, type Parley } from '../support/parley';

describe('sign-in throttle, trusted proxies, session cookie and security headers (issue 12)', function () {
  this.timeout(120_000);
  let parley: Parley;
  before(async () => {
    parley = await startParley({ worker: 'none', env: { TRUST_PROXY: 'loopback', SIGN_IN_MAX_FAILURES_PER_ADDRESS: '15' } });
  });
  after(async () => parley?.stop());
  beforeEach(async () => {
    await parley.db('sign_in_failures').delete();
  });

  const login = (email: string, password: string, from?: string, url = parley.url) =>
    fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(from ? { 'x-forwarded-for': from } : {}) },
      body: JSON.stringify({ email, password }),
    });

  it('30 wrong passwords for one account: 429 with Retry-After from the 11th on, right password included, whatever the address', async () => {
    const agent = await parley.createAgent();
    const statuses: number[] = [];
    for (let i = 0; i < 30; i++) statuses.push((await login(agent.email, 'wrong password', `198.51.100.${i}`)).status);
    assert.deepEqual(statuses, [...Array(10).fill(401), ...Array(20).fill(429)]);
    const right = await login(agent.email, agent.password, '198.51.100.200');
    assert.equal(right.status, 429);
    const retryAfter = Number(right.headers.get('retry-after'));
    assert.ok(retryAfter > 800 && retryAfter <= 900, `Retry-After ${retryAfter}`);
    assert.equal(((await right.json()) as { error: { code: string } }).error.code, 'too_many_requests');
  });

  it('someone else signing in meanwhile, even from the same address, is not slowed', async () => {
    const [victim, colleague] = [await parley.createAgent(), await parley.createAgent()];
    for (let i = 0; i < 12; i++) await login(victim.email, 'wrong password', '198.51.100.7');
    assert.equal((await login(victim.email, victim.password, '198.51.100.7')).status, 429);
    assert.equal((await login(colleague.email, colleague.password, '198.51.100.7')).status, 200);
  });

  it('a right password before the limit clears the account’s failures', async () => {
    const agent = await parley.createAgent();
    for (let i = 0; i < 9; i++) await login(agent.email, 'wrong password');
    assert.equal((await login(agent.email, agent.password)).status, 200);
    for (let i = 0; i < 9; i++) assert.equal((await login(agent.email, 'wrong password')).status, 401);
  });

  it('one address guessing across many accounts gets 429; another address does not', async () => {
    for (let i = 0; i < 15; i++) assert.equal((await login(`nobody${i}@test.example`, 'guess', '203.0.113.9')).status, 401);
    const blocked = await login('someone.else@test.example', 'guess', '203.0.113.9');
    assert.equal(blocked.status, 429);
    assert.ok(Number(blocked.headers.get('retry-after')) > 0);
    assert.equal((await login('someone.else@test.example', 'guess', '203.0.113.10')).status, 401);
  });

  it('without TRUST_PROXY a forged X-Forwarded-For does not dodge the per-address limit', async () => {
    const api = await parley.startSecondApi({ TRUST_PROXY: '' });
    for (let i = 0; i < 15; i++) await login(`nobody${i}@test.example`, 'guess', `192.0.2.${i}`, api.url);
    assert.equal((await login('someone.else@test.example', 'guess', '192.0.2.99', api.url)).status, 429);
  });

  it('the session cookie is Secure when PUBLIC_BASE_URL is https, and not on plain http', async () => {
    const agent = await parley.createAgent();
    const plain = await login(agent.email, agent.password);
    assert.doesNotMatch(plain.headers.get('set-cookie') ?? '', /;\s*Secure/i);
    const api = await parley.startSecondApi({ PUBLIC_BASE_URL: 'https://parley.example.com' });
    const secure = await login(agent.email, agent.password, undefined, api.url);
    assert.equal(secure.status, 200);
    assert.match(secure.headers.get('set-cookie') ?? '', /parley_session=.*;\s*Secure/i);
    assert.match(secure.headers.get('strict-transport-security') ?? '', /max-age=\d+/);
  });

  for (const path of ['/', '/api/openapi.json', '/webhooks/twilio/sms']) {
    it(`sends the security headers on ${path}`, async () => {
      const r = await fetch(parley.url + path, { method: path.startsWith('/webhooks') ? 'POST' : 'GET' });
      const csp = r.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-ancestors 'none'/);
      assert.match(csp, /script-src 'self'(;|$)/);
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      assert.equal(r.headers.get('referrer-policy'), 'same-origin');
      assert.equal(r.headers.get('x-frame-options'), 'DENY');
    });
  }
});
