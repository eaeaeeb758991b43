import { ApiError } from '../shared/api';
import { messageOf } from '../../report-error';

/**
 * The api lists every validation error of a topic document in one message ("invalid topics: path: message; path:
 * message"); the editor shows them one per line.
 */
export function topicErrorLines(err: unknown): string[] {
  if (!(err instanceof ApiError) || err.status !== 400) return [messageOf(err)];
  return err.message
    .replace(/^invalid topics:\s*/i, '')
    .split('; ')
    .filter((line) => line.trim() !== '');
}

/** The editor's text as a document, or the reason it is not JSON. */
export function parseTopicDocument(text: string): { document: Record<string, unknown> } | { error: string } {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { error: 'The document must be a JSON object ({ … }).' };
    return { document: parsed as Record<string, unknown> };
  } catch (err) {
    return { error: `Not valid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}
