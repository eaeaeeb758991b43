import { AppShell, Group, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconDeviceMobileMessage } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { simulatorApi } from './simulator-api';
import { useLatestRead } from '../use-latest-read';
import { PhoneConversation } from './PhoneConversation';
import { PhonePicker } from './PhonePicker';
import { usePhoneSelection } from './use-phone-selection';
import classes from './PhonesApp.module.css';

const DEMO_COMPANY_NUMBER = '+15005550006';

export function PhonesApp() {
  const { phone, choose } = usePhoneSelection();
  const phones = useLatestRead(useCallback(() => simulatorApi.phones().then((r) => r.phones), []));
  const [companyNumber, setCompanyNumber] = useState(DEMO_COMPANY_NUMBER);
  const [offered, setOffered] = useState<{ number: string; label: string }[]>([]);
  const companyLabels = useMemo(() => new Map(offered.map((o) => [o.number, o.label])), [offered]);

  useEffect(() => {
    simulatorApi.info().then((info) => {
      setOffered(info.companyNumbers);
      if (info.companyNumbers[0]) setCompanyNumber(info.companyNumbers[0].number);
    }, () => undefined);
  }, []);

  return (
    <AppShell header={{ height: 64 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" gap="xs" wrap="nowrap">
          <IconDeviceMobileMessage size={28} stroke={1.6} color="var(--mantine-color-teal-7)" aria-hidden />
          <Title order={1} size="h3">
            Virtual phones
          </Title>
          <Text c="dimmed" size="sm" visibleFrom="sm">
            Play the requester: text a company number and watch Parley’s replies arrive.
          </Text>
        </Group>
      </AppShell.Header>
      <AppShell.Main>
        <div className={classes.columns}>
          <Paper withBorder p="md" component="section" aria-label="Phone and company number" className={classes.setup}>
            <Stack>
              <PhonePicker phones={phones.data ?? []} phone={phone} onChoose={choose} onPhonesChanged={phones.reload} />
              <TextInput
                label="Company number to text"
                description={
                  offered.length
                    ? offered.map((o) => `${o.number}: ${o.label}`).join(' · ')
                    : 'The demo company number is +15005550006.'
                }
                list="company-numbers"
                value={companyNumber}
                onChange={(e) => setCompanyNumber(e.currentTarget.value.trim())}
                inputMode="tel"
                autoComplete="off"
              />
              <datalist id="company-numbers">
                {offered.map((o) => (
                  <option key={o.number} value={o.number} label={o.label} />
                ))}
              </datalist>
            </Stack>
          </Paper>
          <section className={classes.phone} aria-label="Conversation on this phone">
            {phone ? (
              <PhoneConversation
                key={phone}
                phone={phone}
                companyNumber={companyNumber}
                companyLabels={companyLabels}
                onChooseThread={setCompanyNumber}
                onSent={phones.reload}
              />
            ) : (
              <Paper withBorder p="xl" h="100%">
                <Text c="dimmed" ta="center" mt="xl">
                  Choose a phone, add one, or take a random number to start texting.
                </Text>
              </Paper>
            )}
          </section>
        </div>
      </AppShell.Main>
    </AppShell>
  );
}
