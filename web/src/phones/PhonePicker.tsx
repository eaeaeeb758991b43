import { Button, Divider, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { IconArrowsShuffle } from '@tabler/icons-react';
import { isValidPhoneNumber } from 'libphonenumber-js';
import { useState, type FormEvent } from 'react';
import { simulatorApi, type PhoneSummary } from './simulator-api';
import { reportError } from '../report-error';
import { randomPhoneNumber } from './random-phone-number';

const E164 = /^\+[1-9]\d{6,14}$/;

interface Props {
  phones: PhoneSummary[];
  phone: string | null;
  onChoose: (number: string) => void;
  onPhonesChanged: () => void;
}

export function PhonePicker({ phones, phone, onChoose, onPhonesChanged }: Props) {
  const [draft, setDraft] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const options = phones.map((p) => ({ value: p.number, label: p.number }));
  if (phone && !phones.some((p) => p.number === phone)) options.unshift({ value: phone, label: phone });

  const add = async (number: string) => {
    if (!E164.test(number)) {
      setInvalid('Type a number in E.164 form: + then country code and number, e.g. +14155550123.');
      return;
    }
    setInvalid(null);
    setBusy(true);
    try {
      await simulatorApi.addPhone(number);
      setDraft('');
      onChoose(number);
      onPhonesChanged();
    } catch (err) {
      reportError('Could not add the phone', err);
    } finally {
      setBusy(false);
    }
  };

  const typed = draft.replace(/[\s()-]/g, '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void add(typed);
  };
  // AI-9: Compose SMS only sends to numbers valid in their country (e.g. not +1 555…); such a phone can still text.
  const composable = !E164.test(typed) || isValidPhoneNumber(typed);

  return (
    <Stack gap="sm">
      <Select
        label="Phone"
        placeholder={options.length ? 'Choose a phone' : 'No phones yet'}
        data={options}
        value={phone}
        onChange={(v) => v && onChoose(v)}
        onDropdownOpen={onPhonesChanged}
        searchable
        nothingFoundMessage="No phone with that number"
        allowDeselect={false}
      />
      <Divider label="or a new phone" labelPosition="center" />
      <form onSubmit={submit}>
        <Stack gap="xs">
          <TextInput
            label="New phone number"
            placeholder="+14155550123"
            inputMode="tel"
            autoComplete="off"
            value={draft}
            error={invalid}
            description={
              composable ? undefined : (
                <Text span size="xs" c="orange.9">
                  Not a valid number for its country: it can text Parley, but Compose SMS in the Workspace refuses to send to it.
                </Text>
              )
            }
            onChange={(e) => {
              setDraft(e.currentTarget.value);
              setInvalid(null);
            }}
          />
          <Group gap="xs">
            <Button type="submit" variant="light" loading={busy} disabled={!draft.trim()}>
              Add phone
            </Button>
            <Button variant="default" leftSection={<IconArrowsShuffle size={16} aria-hidden />} onClick={() => void add(randomPhoneNumber())}>
              Random number
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
