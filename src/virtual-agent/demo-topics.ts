import type { TopicDocument } from './topics-schema';

/** A useful first set for a support desk (SPEC §6; seeded as version 1, edited by admins afterwards). */
export const DEMO_TOPICS: TopicDocument = {
  greeting: "Hi! You're texting Parley Support's virtual agent.",
  pickerPrompt: 'Reply with a number:',
  help: 'Reply with a number to pick a topic. Commands: AGENT (talk to a person), RESTART, BYE. Reply STOP to unsubscribe.',
  fallback: "Sorry, I didn't get that.",
  maxUnrecognised: 2,
  closing: 'Thanks for texting Parley Support. Text us any time.',
  topics: [
    {
      id: 'order_status',
      title: 'Order status',
      keywords: ['order', 'shipping', 'delivery', 'package', 'tracking'],
      steps: [
        { id: 'ask_number', type: 'capture', text: 'What is your order number? (digits only)', field: 'orderNumber', label: 'Order number', pattern: '^#?\\d{4,12}$', invalidText: "That doesn't look like an order number. It has 4 to 12 digits, e.g. 10482.", next: 'found' },
        { id: 'found', type: 'text', text: 'Thanks! Order {{orderNumber}} is on its way. Tracking details are in your shipping email.', next: 'more' },
        { id: 'more', type: 'yes_no', text: 'Can I help with anything else?', yes: '@picker', no: 'bye' },
        { id: 'bye', type: 'end', text: 'Great. Have a nice day!' },
      ],
    },
    {
      id: 'opening_hours',
      title: 'Opening hours',
      keywords: ['hours', 'open', 'opening', 'closed'],
      steps: [
        { id: 'hours', type: 'text', text: 'Our agents answer texts Monday to Friday, 8am to 8pm, and Saturday 9am to 1pm (Pacific).', next: 'more' },
        { id: 'more', type: 'yes_no', text: 'Can I help with anything else?', yes: '@picker', no: 'bye' },
        { id: 'bye', type: 'end', text: 'Great. Have a nice day!' },
      ],
    },
    {
      id: 'returns',
      title: 'Returns and refunds',
      keywords: ['return', 'refund', 'exchange'],
      steps: [
        {
          id: 'kind', type: 'choice', text: 'What would you like to do?',
          options: [
            { label: 'Return an item', next: 'how' },
            { label: 'Ask about a refund', next: 'person' },
          ],
        },
        { id: 'how', type: 'text', text: 'You can return items within 30 days at parley.example/returns. Refunds take 5 business days.', next: 'more' },
        { id: 'more', type: 'yes_no', text: 'Can I help with anything else?', yes: '@picker', no: 'bye' },
        { id: 'bye', type: 'end', text: 'Great. Have a nice day!' },
        { id: 'person', type: 'handoff' },
      ],
    },
    {
      id: 'talk_to_person',
      title: 'Talk to a person',
      keywords: ['person', 'human', 'someone', 'representative'],
      steps: [{ id: 'handoff', type: 'handoff' }],
    },
  ],
};
