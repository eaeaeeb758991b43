import { Badge, Tooltip } from '@mantine/core';
import { IconUserQuestion } from '@tabler/icons-react';
import classes from './RequesterIdentity.module.css';

/** SPEC §1: who is texting, as a heading's content: the linked user's name (or Guest) and the number. */
export function RequesterName({ name, number }: { name: string | null; number: string }) {
  return (
    <>
      <span className={classes.name}>{name ?? 'Guest'}</span> <span className={classes.number}>{number}</span>
    </>
  );
}

/** PROF-5/PROF-6: Parley could not tell for sure who is texting. */
export function VerifyIdentityBadge() {
  return (
    <Tooltip label="The number matches another user than its profile, or several users: check who is texting." multiline w={260}>
      <Badge color="orange" variant="light" size="sm" leftSection={<IconUserQuestion size={12} aria-hidden />} style={{ flexShrink: 0 }}>
        Verify identity
      </Badge>
    </Tooltip>
  );
}
