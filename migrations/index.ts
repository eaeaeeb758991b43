import type { Knex } from 'knex';
import * as foundation from './20261126000001_foundation';
import * as messageTakenAt from './20261126000002_message_taken_at';
import * as projectionVersion from './20261202000001_interaction_projection_version';
import * as messagingProfiles from './20261202000002_messaging_profiles';
import * as virtualAgent from './20261202000003_virtual_agent_system_texts_consent';
import * as messagingActions from './20261202000004_messaging_actions';
import * as signInFailures from './20261202000005_sign_in_failures';
import * as messageStatusChecks from './20261202000006_message_status_checks';
import * as auditColumns from './20261202000007_audit_columns';
import * as quietHoursAndSendingRate from './20261202000008_quiet_hours_and_sending_rate';
import * as advancedRouting from './20261203000010_advanced_routing';
import * as queueRuleOptions from './20261203000020_queue_rule_options';
import * as manualOffers from './20261204000010_manual_offers';
import * as automatedSendTurns from './20261205000010_automated_send_turns';
import * as virtualAgentOnly from './20261207000010_virtual_agent_only';
import * as defaultAgentGroups from './20261207000020_default_agent_groups';
import * as maxWaitTopic from './20261207000020_max_wait_topic';
import * as agentPreferences from './20261207000030_agent_preferences';
import * as awayReasons from './20261207000030_away_reasons';
import * as localizedTexts from './20261207000040_localized_texts';
import * as rejectReasons from './20261207000050_reject_reasons';
import * as composeChannelSettings from './20261207000060_compose_channel_settings';
import * as vaSummary from './20261208000100_va_summary';
import * as interactionHistory from './20261208000200_interaction_history';

// An explicit list rather than a directory scan: the same source works under tsx and from compiled dist/.
const migrations: Record<string, Knex.Migration> = {
  '20261126000001_foundation': foundation,
  '20261126000002_message_taken_at': messageTakenAt,
  '20261202000001_interaction_projection_version': projectionVersion,
  '20261202000002_messaging_profiles': messagingProfiles,
  '20261202000003_virtual_agent_system_texts_consent': virtualAgent,
  '20261202000004_messaging_actions': messagingActions,
  '20261202000005_sign_in_failures': signInFailures,
  '20261202000006_message_status_checks': messageStatusChecks,
  '20261202000007_audit_columns': auditColumns,
  '20261202000008_quiet_hours_and_sending_rate': quietHoursAndSendingRate,
  '20261203000010_advanced_routing': advancedRouting,
  '20261203000020_queue_rule_options': queueRuleOptions,
  '20261204000010_manual_offers': manualOffers,
  '20261205000010_automated_send_turns': automatedSendTurns,
  '20261207000010_virtual_agent_only': virtualAgentOnly,
  '20261207000020_default_agent_groups': defaultAgentGroups,
  '20261207000020_max_wait_topic': maxWaitTopic,
  '20261207000030_agent_preferences': agentPreferences,
  '20261207000030_away_reasons': awayReasons,
  '20261207000040_localized_texts': localizedTexts,
  '20261207000050_reject_reasons': rejectReasons,
  '20261207000060_compose_channel_settings': composeChannelSettings,
  '20261208000100_va_summary': vaSummary,
  '20261208000200_interaction_history': interactionHistory,
};

export const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(migrations).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => migrations[name],
};
