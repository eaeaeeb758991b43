import assert from 'node:assert/strict';
import { loadConfig, ConfigError } from '../../src/config';

describe('configuration', () => {
  it('has working defaults for the one-machine demo', () => {
    const c = loadConfig({});
    assert.equal(c.PORT, 3000);
    assert.equal(c.DEMO, true);
    assert.equal(c.DEMO_COMPANY_NUMBER, '+15005550006');
    assert.equal(c.DATABASE_URL, undefined);
    assert.equal(c.TEMPORAL_ADDRESS, undefined);
    assert.equal(c.trustProxy, false, 'no proxy is trusted unless configured (issue 12)');
    assert.equal(c.WORKER_MAX_CACHED_WORKFLOWS, 1000, 'the workflow cache is bounded, not derived from the heap limit (issue 17)');
  });
  it('PROF-11 has no requester directory unless PROFILE_DIRECTORY_URL is set; its timeout defaults to 1500 ms', () => {
    assert.equal(loadConfig({}).PROFILE_DIRECTORY_URL, undefined);
    assert.equal(loadConfig({}).PROFILE_DIRECTORY_TIMEOUT_MS, 1500);
    const c = loadConfig({ PROFILE_DIRECTORY_URL: 'https://crm.example.com/parley/people', PROFILE_DIRECTORY_TIMEOUT_MS: '800' });
    assert.equal(c.PROFILE_DIRECTORY_URL, 'https://crm.example.com/parley/people');
    assert.equal(c.PROFILE_DIRECTORY_TIMEOUT_MS, 800);
  });
  it('trusts the configured proxies only', () => {
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,2001:db8::1' }).trustProxy, ['loopback', '10.0.0.0/8', '2001:db8::1']);
  });
  const bad: [Record<string, string>, RegExp][] = [
    [{ PORT: 'eighty' }, /PORT/],
    [{ DEMO_COMPANY_NUMBER: '5005550006' }, /DEMO_COMPANY_NUMBER must be an E\.164 number/],
    [{ TWILIO_ACCOUNT_SID: 'AC123' }, /TWILIO_ACCOUNT_SID must look like AC/],
    [{ TWILIO_ACCOUNT_SID: `AC${'a'.repeat(32)}` }, /TWILIO_AUTH_TOKEN must be set when TWILIO_ACCOUNT_SID is set/],
    [{ DEMO: 'maybe' }, /DEMO/],
    [{ DATABASE_URL: 'not a url' }, /DATABASE_URL/],
    [{ DEMO_PASSWORD: 'short' }, /DEMO_PASSWORD must be at least 8 characters/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be a comma-separated list/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be a comma-separated list/],
    [{ STATUS_CHECK_SCHEDULE_SECONDS: '120,soon' }, /STATUS_CHECK_SCHEDULE_SECONDS must be a comma-separated list/],
    [{ WORKER_MAX_CACHED_WORKFLOWS: '1' }, /WORKER_MAX_CACHED_WORKFLOWS must be 0 \(no cache\) or at least 2/],
    [{ PROFILE_DIRECTORY_URL: 'crm.example.com' }, /PROFILE_DIRECTORY_URL/],
    [{ PROFILE_DIRECTORY_URL: 'ftp://crm.example.com/people' }, /PROFILE_DIRECTORY_URL must be an http or https URL/],
    [{ PROFILE_DIRECTORY_TIMEOUT_MS: '60000' }, /PROFILE_DIRECTORY_TIMEOUT_MS/],
    [{ TEMPORAL_UI_URL: 'ftp://127.0.0.1:8233' }, /TEMPORAL_UI_URL must be an http or https URL/],
  ];
  for (const [env, pattern] of bad) {
    it(`refuses ${JSON.stringify(env)} with a sentence naming the variable`, () => {
      assert.throws(() => loadConfig(env), (err: Error) => err instanceof ConfigError && pattern.test(err.message));
    });
  }
});
