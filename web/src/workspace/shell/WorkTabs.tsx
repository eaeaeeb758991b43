import { Group, Paper, Tabs } from '@mantine/core';
import type { Me, OfferWithRequester, OngoingWithRequester, Presence } from '../shared/api';
import { ColleaguesList } from '../conversations/ColleaguesList';
import { CountBadge } from '../shared/CountBadge';
import { HistoryList } from '../history/HistoryList';
import { OfferList } from '../offers/OfferList';
import { OngoingList } from '../conversations/OngoingList';
import classes from './WorkTabs.module.css';

export type WorkTab = 'inbox' | 'ongoing' | 'colleagues' | 'history';

interface Props {
  tab: WorkTab;
  onTabChange: (tab: WorkTab) => void;
  offers: OfferWithRequester[] | null;
  ongoing: OngoingWithRequester[] | null;
  me: Me;
  presence: Presence;
  openId: string | null;
  onOpen: (interactionId: string) => void;
  /** Opens a conversation to read (a colleague's, or a closed one from History) and stays on the tab. */
  onOpenColleague: (interactionId: string) => void;
  onOffersChanged: () => void;
}

export function WorkTabs({ tab, onTabChange, offers, ongoing, me, presence, openId, onOpen, onOpenColleague, onOffersChanged }: Props) {
  const unreadConversations = (ongoing ?? []).filter((i) => i.unreadCount > 0).length;
  return (
    <Paper withBorder className={classes.panel}>
      <Tabs value={tab} onChange={(v) => v && onTabChange(v as WorkTab)} className={classes.tabs}>
        <Tabs.List grow>
          <Tabs.Tab value="inbox">
            <Group gap={6} wrap="nowrap" justify="center">
              Inbox
              <CountBadge count={offers?.length ?? 0} noun={offers?.length === 1 ? 'offer' : 'offers'} />
            </Group>
          </Tabs.Tab>
          <Tabs.Tab value="ongoing">
            <Group gap={6} wrap="nowrap" justify="center">
              Ongoing
              <CountBadge
                count={unreadConversations}
                color="red"
                noun={unreadConversations === 1 ? 'conversation with unread messages' : 'conversations with unread messages'}
              />
            </Group>
          </Tabs.Tab>
          <Tabs.Tab value="colleagues">Colleagues</Tabs.Tab>
          <Tabs.Tab value="history">History</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="inbox" className={classes.tabPanel}>
          <div className={classes.scroll}>
            <OfferList offers={offers} presence={presence} onAccepted={onOpen} onChanged={onOffersChanged} />
          </div>
        </Tabs.Panel>
        <Tabs.Panel value="ongoing" className={classes.tabPanel}>
          <div className={classes.scroll}>
            <OngoingList items={ongoing} me={me} openId={openId} onOpen={onOpen} />
          </div>
        </Tabs.Panel>
        <Tabs.Panel value="colleagues" className={classes.tabPanel}>
          <div className={classes.scroll}>{tab === 'colleagues' && <ColleaguesList openId={openId} onOpen={onOpenColleague} />}</div>
        </Tabs.Panel>
        <Tabs.Panel value="history" className={classes.tabPanel}>
          <div className={classes.scroll}>{tab === 'history' && <HistoryList openId={openId} onOpen={onOpenColleague} />}</div>
        </Tabs.Panel>
      </Tabs>
    </Paper>
  );
}
