import assert from 'node:assert/strict';
import AxeBuilder from '@axe-core/playwright';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { parleyInChromium, perTestPagesAndAgents, SCREENSHOTS, signIn } from '../support/browser';
import { eventually, uniqueMobileNumber, uniqueNumber, type Agent, type Parley } from '../support/parley';

const escape = (n: string) => new RegExp(n.replace('+', '\\+'));

/** The requester texts; the agent alone goes Available, accepts through the api and goes Offline again. */
async function accepted(parley: Parley, agent: Agent, requester: string, body: string): Promise<string> {
  await parley.text(requester, body);
  await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'available' } });
  try {
    return await parley.acceptOfferFor(agent, requester);
  } finally {
    await parley.request('PUT', '/api/me/presence', { token: agent.token, body: { status: 'offline' } });
  }
}

async function endedThroughApi(parley: Parley, agent: Agent, id: string): Promise<void> {
  const r = await parley.request('POST', `/api/interactions/${id}/end`, { token: agent.token, body: { outcome: 'complete' } });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  await eventually('the close projected', async () => (await parley.db('interactions').where({ id }).first('state')).state === 'closed_complete');
}

/** axe-core over what History adds (the rest of the page is the accessibility suite's): nothing serious or critical. */
async function noSeriousViolations(page: Page, ...selectors: string[]): Promise<void> {
  let axe = new AxeBuilder({ page });
  for (const s of selectors) axe = axe.include(s);
  const found = (await axe.analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(found.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
}

const historyRow = (page: Page, requester: string) => page.getByRole('list', { name: 'Closed conversations' }).getByRole('button', { name: escape(requester) });

describe('History in the Workspace (issue 25)', function () {
  this.timeout(180_000);
  const t = parleyInChromium();
  const { newPage, newAgent } = perTestPagesAndAgents(t);
  beforeEach(async () => {
    await t.parley.db('work_items').whereIn('state', ['queued', 'offered']).update({ state: 'canceled' });
  });

  it('issue 25: an agent ends a conversation, finds it in History by part of the number, opens it read-only, and sees it among the requester’s earlier conversations when they text again', async () => {
    const colleague = await newAgent('Olga Earlier');
    const agent = await newAgent('Hanna History');
    const requester = uniqueNumber();
    const olgas = await accepted(t.parley, colleague, requester, 'Where is my parcel?');
    await t.parley.request('POST', `/api/interactions/${olgas}/messages`, { token: colleague.token, body: { body: 'It left the depot today.' } });
    await endedThroughApi(t.parley, colleague, olgas);
    const elsewhere = uniqueNumber();
    await endedThroughApi(t.parley, agent, await accepted(t.parley, agent, elsewhere, 'Another matter'));
    await accepted(t.parley, agent, requester, 'The parcel is damaged');

    const ws = await newPage();
    await signIn(ws, t.parley.url, agent);
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await ws.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: escape(requester) }).click();
    const conversation = ws.getByRole('region', { name: 'Conversation' });
    await conversation.getByRole('button', { name: 'End', exact: true }).click();
    await ws.getByRole('menuitem', { name: 'Complete' }).click();
    await ws.getByRole('dialog', { name: `End the conversation with ${requester}?` }).getByRole('button', { name: 'End as complete' }).click();
    await conversation.getByText('Closed · complete').waitFor();
    await ws.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: escape(requester) }).waitFor({ state: 'detached' });
    await conversation.getByRole('button', { name: 'Close conversation' }).click();

    // History: the agent's own closed conversations; part of the number, typed with a space, finds it.
    await ws.getByRole('tab', { name: 'History' }).click();
    const closed = ws.getByRole('list', { name: 'Closed conversations' });
    await historyRow(ws, requester).waitFor();
    await historyRow(ws, elsewhere).waitFor();
    assert.equal(await closed.getByRole('button').count(), 2, 'Hanna’s two, not Olga’s');
    const digits = requester.slice(-7);
    await ws.getByLabel('Number or name').fill(`${digits.slice(0, 3)} ${digits.slice(3)}`);
    const row = historyRow(ws, requester);
    await historyRow(ws, elsewhere).waitFor({ state: 'detached' });
    await row.waitFor();
    assert.equal(await closed.getByRole('button').count(), 1);
    const rowText = await row.innerText();
    assert.match(rowText, /Guest/);
    assert.match(rowText, /to Test line \(\+15005550006\)/);
    assert.match(rowText, /Ended by an agent · complete/);
    assert.match(rowText, /Hanna History/);
    // Two digits: a hint, not a search.
    await ws.getByLabel('Number or name').fill('12');
    await ws.getByText('Type at least 3 digits of the number.').waitFor();
    await ws.getByLabel('Number or name').fill(`${digits.slice(0, 3)} ${digits.slice(3)}`);
    await ws.getByText('Type at least 3 digits of the number.').waitFor({ state: 'detached' });

    await row.click();
    await conversation.getByRole('heading', { name: `Guest ${requester}` }).waitFor();
    await conversation.getByText('Closed · complete').waitFor();
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('The parcel is damaged').waitFor();
    await conversation.getByText('This conversation is closed: replies can no longer be sent.').waitFor();
    assert.equal(await conversation.getByRole('button', { name: 'End', exact: true }).count(), 0, 'nothing to act on');
    await conversation.getByRole('region', { name: 'Metrics' }).getByText('Handle time').waitFor();
    // Not working with the requester now, Hanna is listed only the earlier conversations she handled: none.
    await conversation.getByRole('region', { name: 'Earlier conversations' }).getByText(/^None you can open/).waitFor();
    assert.equal(await row.getAttribute('aria-current'), 'true');
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-history-history-tab.png') });
    await noSeriousViolations(ws, '[role="tabpanel"]', 'section[aria-label="Earlier conversations"]');

    // The requester texts again: working with them, the agent sees both earlier conversations and opens Olga's.
    const current = await accepted(t.parley, agent, requester, 'Me again about the parcel');
    await ws.getByRole('tab', { name: /^Ongoing/ }).click();
    await ws.getByRole('list', { name: 'Ongoing conversations' }).getByRole('button', { name: escape(requester) }).click();
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Me again about the parcel').waitFor();
    const earlier = conversation.getByRole('region', { name: 'Earlier conversations' });
    const links = earlier.getByRole('button', { name: /^Open the conversation closed / });
    await eventually('both earlier conversations listed', async () => (await links.count()) === 2);
    const earlierText = await earlier.innerText();
    assert.match(earlierText, /Hanna History/);
    assert.match(earlierText, /Olga Earlier/);
    assert.ok(earlierText.indexOf('Hanna History') < earlierText.indexOf('Olga Earlier'), 'newest first');
    // The new offer's notice (shown while the Inbox was not in view) closes by itself.
    await ws.getByText('New offer from').waitFor({ state: 'detached' });
    await ws.screenshot({ path: path.join(SCREENSHOTS, 'i25-history-earlier-conversations.png') });
    await noSeriousViolations(ws, 'section[aria-label="Earlier conversations"]');

    await links.nth(1).click();
    await ws.waitForURL(`**/interactions/${olgas}`);
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('It left the depot today.').waitFor();
    await conversation.getByText('Read only').waitFor();
    await conversation.getByText('Closed · complete').waitFor();
    // Back returns to the conversation in progress.
    await ws.goBack();
    await ws.waitForURL(`**/interactions/${current}`);
    await ws.getByRole('log', { name: `Transcript with ${requester}` }).getByText('Me again about the parcel').waitFor();
  });

  it('issue 25: a manager finds a colleague’s closed conversation by the requester’s name and close date; the colleague’s History has it, another agent’s does not', async () => {
    const holder = await newAgent('Hugo Holder');
    const other = await newAgent('Ines Other');
    const manager = await newAgent('Mara Manager', 'manager');
    const mobile = uniqueMobileNumber();
    const name = `Zelda Quill ${randomUUID().slice(0, 4)}`;
    const [user] = await t.parley.db('users').insert({ email: `${randomUUID().slice(0, 8)}@example.com`, name, role: 'agent', password_hash: 'x', mobile_phone: mobile }).returning('id');
    const id = await accepted(t.parley, holder, mobile, 'Invoice question');
    assert.equal((await t.parley.db('interactions').where({ id }).first('requester_user_id')).requester_user_id, user.id);
    await endedThroughApi(t.parley, holder, id);

    const mp = await newPage();
    await signIn(mp, t.parley.url, manager);
    await mp.getByRole('tab', { name: 'History' }).click();
    await mp.getByLabel('Number or name').fill(name.split(' ')[1].toLowerCase());
    const row = historyRow(mp, mobile);
    await row.waitFor();
    assert.match(await row.innerText(), new RegExp(name));
    assert.match(await row.innerText(), /Hugo Holder/);
    // A date range that ends yesterday leaves it out; today brings it back.
    const day = (offset: number) => {
      const d = new Date(Date.now() + offset * 86_400_000);
      return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    };
    await mp.getByLabel('Closed to').fill(day(-1));
    await mp.getByText('No closed conversation matches').waitFor();
    await mp.getByLabel('Closed to').fill(day(0));
    await mp.getByLabel('Closed from').fill(day(0));
    await row.waitFor();
    await row.click();
    await mp.getByRole('log', { name: `Transcript with ${mobile}` }).getByText('Invoice question').waitFor();

    const op = await newPage();
    await signIn(op, t.parley.url, other);
    await op.getByRole('tab', { name: 'History' }).click();
    await op.getByText('No closed conversations yet').waitFor();
    const hp = await newPage();
    await signIn(hp, t.parley.url, holder);
    await hp.getByRole('tab', { name: 'History' }).click();
    await historyRow(hp, mobile).waitFor();
  });
});
