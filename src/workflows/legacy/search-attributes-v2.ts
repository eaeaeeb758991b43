// Frozen for the v2 workflow (issue 26: legacy/ imports nothing live): the search attributes its histories set.
// Workflow-safe: imported by workflows, the client and the dev-server set-up alike.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const SA = {
  RequesterNumber: defineSearchAttributeKey('RequesterNumber', SearchAttributeType.KEYWORD),
  CompanyNumber: defineSearchAttributeKey('CompanyNumber', SearchAttributeType.KEYWORD),
  AssignedAgentId: defineSearchAttributeKey('AssignedAgentId', SearchAttributeType.KEYWORD),
  InteractionState: defineSearchAttributeKey('InteractionState', SearchAttributeType.KEYWORD),
  QueueId: defineSearchAttributeKey('QueueId', SearchAttributeType.KEYWORD),
} as const;

export const ALL_SEARCH_ATTRIBUTES = Object.values(SA);
