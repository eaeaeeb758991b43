import assert from 'node:assert/strict';
import path from 'node:path';
import { openVirtualPhone, parleyInChromium, perTestPagesAndAgents, SCREENSHOTS } from '../support/browser';
import { uniqueNumber } from '../support/parley';

// A second line of the company's: texts from it reach the phone as an outbound text from the simulator's REST API.
const OTHER_LINE = '+15005550099';

describe('the virtual phones page', function () {
  this.timeout(120_000);
  const t = parleyInChromium();
  const { newPage } = perTestPagesAndAgents(t);

  it('issue 25: a phone keeps one thread per company number, each with its own header and texts, and sends to the thread’s number', async () => {
    const page = await newPage();
    const number = uniqueNumber();
    await openVirtualPhone(page, t.parley.sim.url, number);
    const threads = page.getByRole('navigation', { name: `Conversations on ${number}` });

    // The phone texts the company number, and another of the company's numbers texts the phone.
    await page.getByRole('textbox', { name: 'Text message' }).fill('Where is my order?');
    await page.getByRole('button', { name: 'Send' }).click();
    const mainLog = page.getByRole('log', { name: `Messages on ${number} with ${t.parley.companyNumber}` });
    await mainLog.getByRole('listitem').filter({ hasText: 'Where is my order?' }).getByText('Received by Parley').waitFor();
    t.parley.sim.sim.createOutbound({ to: number, from: OTHER_LINE, body: 'Your refund has been issued.', mediaUrls: [], messagingServiceSid: null, statusCallback: null });
    await threads.getByRole('button', { name: new RegExp(`^${escape(OTHER_LINE)}`) }).waitFor();

    // Two threads; the open one holds only its own number's texts.
    assert.equal(await threads.getByRole('button').count(), 2);
    await page.getByRole('heading', { name: `Texting ${t.parley.companyNumber}` }).waitFor();
    assert.doesNotMatch(await mainLog.innerText(), /refund/);
    await page.setViewportSize({ width: 1280, height: 800 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'i25-quiet-phones-threads.png') });

    // The other thread: its header, its text, and a reply goes to its number.
    await threads.getByRole('button', { name: new RegExp(`^${escape(OTHER_LINE)}`) }).click();
    await page.getByRole('heading', { name: `Texting ${OTHER_LINE}` }).waitFor();
    const otherLog = page.getByRole('log', { name: `Messages on ${number} with ${OTHER_LINE}` });
    await otherLog.getByText('Your refund has been issued.').waitFor();
    assert.doesNotMatch(await otherLog.innerText(), /Where is my order/);
    assert.equal(await page.getByLabel('Company number to text').inputValue(), OTHER_LINE);
    await page.getByRole('textbox', { name: 'Text message' }).fill('Thanks!');
    await page.getByRole('button', { name: 'Send' }).click();
    await otherLog.getByRole('listitem').filter({ hasText: 'Thanks!' }).waitFor();
    // The simulator recorded it before answering the page, which then listed it.
    const sent = t.parley.sim.sim.messages({ from: number, direction: 'inbound' }).find((m) => m.body === 'Thanks!');
    assert.equal(sent?.to, OTHER_LINE);

    // Back to the first thread: the list keeps both, the log only the first number's texts.
    await threads.getByRole('button', { name: new RegExp(`^${escape(t.parley.companyNumber)}`) }).click();
    await mainLog.getByText('Where is my order?').waitFor();
    assert.doesNotMatch(await mainLog.innerText(), /Thanks!|refund/);
  });

  it('issue 25: the phones page and the Workspace have an icon of their own', async () => {
    const page = await newPage();
    const icons: string[] = [];
    for (const url of [`${t.parley.sim.url}/`, `${t.parley.url}/`]) {
      await page.goto(url);
      const href = (await page.locator('link[rel="icon"]').getAttribute('href')) ?? '';
      assert.match(href, /^data:image\/svg\+xml,/, url);
      icons.push(href);
    }
    assert.notEqual(icons[0], icons[1], 'a phone for the phones page, a speech bubble for the Workspace');
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
