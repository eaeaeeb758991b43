import { Text, UnstyledButton } from '@mantine/core';
import { messageTimeLabel } from '../time-labels';
import { useNow } from '../use-now';
import type { PhoneThreadSummary } from './threads';
import classes from './PhoneThreadList.module.css';

interface Props {
  phone: string;
  threads: PhoneThreadSummary[];
  selected: string;
  companyLabels: Map<string, string>;
  onChoose: (companyNumber: string) => void;
}

/** The phone's conversations, one a company number, as a phone's messages app lists them. */
export function PhoneThreadList({ phone, threads, selected, companyLabels, onChoose }: Props) {
  const now = useNow(60_000);
  return (
    <nav aria-label={`Conversations on ${phone}`} className={classes.nav}>
      <ul className={classes.list}>
        {threads.map((t) => {
          const last = t.messages.at(-1);
          const label = companyLabels.get(t.companyNumber);
          return (
            <li key={t.companyNumber}>
              <UnstyledButton
                className={classes.thread}
                aria-current={t.companyNumber === selected ? 'true' : undefined}
                onClick={() => onChoose(t.companyNumber)}
              >
                <span className={classes.line}>
                  <Text span size="sm" fw={600}>
                    {t.companyNumber}
                  </Text>
                  {label && (
                    <Text span size="xs" c="gray.7">
                      {label}
                    </Text>
                  )}
                  {t.lastAt && (
                    <Text span size="xs" c="gray.7" ml="auto">
                      {messageTimeLabel(t.lastAt, now)}
                    </Text>
                  )}
                </span>
                <Text size="xs" c="gray.7" truncate="end">
                  {last ? `${last.direction === 'inbound' ? 'You: ' : ''}${last.body}` : 'New conversation'}
                </Text>
              </UnstyledButton>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
