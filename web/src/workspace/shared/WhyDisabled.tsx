import { Tooltip } from '@mantine/core';
import type { ReactNode } from 'react';

/**
 * A disabled control says why on hover and focus of its wrapper (a disabled button gets no pointer events of its
 * own); with no reason it is shown as it is.
 */
export function WhyDisabled({ reason, children }: { reason: string | null; children: ReactNode }) {
  if (!reason) return <>{children}</>;
  return (
    <Tooltip label={reason} multiline maw={300} withArrow>
      <span style={{ display: 'inline-block', cursor: 'not-allowed' }} data-why-disabled={reason}>
        {children}
      </span>
    </Tooltip>
  );
}
