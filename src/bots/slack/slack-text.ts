import { unlinked } from '../../core/untrusted-text';

/**
 * Slack mrkdwn and plain `text` for text that may carry what a person or device typed: the three
 * characters Slack asks apps to escape (& < >), which also stops <!here>, <!channel>, <@U…> and
 * <url|label> from being read as mentions or links; and addresses are not linked.
 */
export function slackText(text: string): string {
  return unlinked(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
}
