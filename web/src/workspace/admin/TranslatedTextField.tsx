import { SegmentedControl, Stack, Text, Textarea } from '@mantine/core';
import { useState } from 'react';
import type { TextLanguage, TextTranslations } from '../shared/api';
import { MAX_SMS_CHARACTERS, useSmsSegments } from '../shared/sms-segments';
import { languageLabel, languageName, TEXT_LANGUAGES } from './text-languages';

type Shown = 'default' | TextLanguage;

/**
 * SYS-6: a text and its translations, one at a time: the switch says which one the box edits (a language with a
 * translation is marked with a dot). An empty translation is none: those requesters get the default text.
 */
export function TranslatedTextField({
  label, description, value, translations, onChange, onTranslationsChange, defaultPlaceholder,
}: {
  label: string;
  description: string;
  value: string;
  translations: TextTranslations;
  onChange: (value: string) => void;
  onTranslationsChange: (translations: TextTranslations) => void;
  defaultPlaceholder?: string;
}) {
  const [shown, setShown] = useState<Shown>('default');
  const text = shown === 'default' ? value : (translations[shown] ?? '');
  const { counter } = useSmsSegments(text);
  return (
    <Stack gap={4}>
      <SegmentedControl
        size="xs"
        w="fit-content"
        aria-label={`Language of ${label}`}
        value={shown}
        onChange={(v) => setShown(v as Shown)}
        data={[
          { value: 'default', label: 'Default' },
          ...TEXT_LANGUAGES.map((l) => ({ value: l.value, label: translations[l.value] ? `${l.label} •` : l.label })),
        ]}
      />
      <Textarea
        label={shown === 'default' ? label : `${label} (${languageLabel(shown)})`}
        description={shown === 'default' ? description : `Empty: ${languageName(shown)} requesters get the default text`}
        placeholder={shown === 'default' ? defaultPlaceholder : value || defaultPlaceholder}
        autosize
        minRows={1}
        maxRows={6}
        maxLength={MAX_SMS_CHARACTERS}
        value={text}
        onChange={(e) => {
          const next = e.currentTarget.value;
          if (shown === 'default') onChange(next);
          else onTranslationsChange({ ...translations, [shown]: next });
        }}
        inputWrapperOrder={['label', 'description', 'input', 'error']}
      />
      {text && (
        <Text size="xs" c="dimmed">
          {counter}
        </Text>
      )}
    </Stack>
  );
}
