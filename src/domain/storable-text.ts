const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text as PostgreSQL can hold it: `text` and `jsonb` refuse NUL (a signed webhook with one answered 500 and the SMS
 * was lost), and a lone surrogate is not UTF-8. Both become U+FFFD, the character a reader sees for "unreadable
 * here"; everything else (RTL overrides, markup, SQL) is kept as the text it is. docs/decisions.md.
 */
export function storableText(s: string): string {
  return s.replaceAll('\u0000', '\uFFFD').replace(LONE_SURROGATE, '\uFFFD');
}
