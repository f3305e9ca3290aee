import type { App } from '@slack/bolt';
import type { Place } from '../core/invocation';
import type { ChannelPoster } from '../core/ports';
import { cardReply } from '../core/reply';
import type { ReportPublisher } from '../reports/report-desk';
import type { ReportFiles } from '../reports/report-files';
import type { MadeReport } from '../reports/report-maker';

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * Slack gets the PDF itself, uploaded into the conversation. Teams bots can't upload files into
 * channels, so Teams gets a summary card whose "Download PDF" opens a signed link that expires.
 */
export class ChatReportPublisher implements ReportPublisher {
  constructor(
    private readonly deps: {
      slack?: App;
      poster: ChannelPoster;
      files: ReportFiles;
      clock?: () => Date;
    },
  ) {}

  async publish(place: Place, report: MadeReport, note?: string): Promise<void> {
    const heading = `${report.title}: ${report.customer.name}, ${report.period.label}`;
    const figures = report.highlights.map((h) => `${h.title}: ${h.value}`).join(' · ');
    if (place.channel === 'slack') {
      if (!this.deps.slack) throw new Error('Slack is not configured');
      await this.deps.slack.client.filesUploadV2({
        channel_id: place.conversationId,
        file: report.pdf,
        filename: report.fileName,
        title: heading,
        initial_comment: `${heading}${note ? ` (${note})` : ''}\n${figures}`,
      });
      return;
    }
    const now = this.deps.clock?.() ?? new Date();
    const link = await this.deps.files.keep(
      {
        customer: report.customer.id,
        fileName: report.fileName,
        title: heading,
        pdf: report.pdf,
      },
      now,
    );
    await this.deps.poster.post(
      place,
      cardReply(
        'report-ready',
        {
          title: heading,
          facts: report.highlights,
          note: note ?? '',
          url: link.url,
          expires: `The link works until ${day(link.expires)} and every download is recorded.`,
        },
        `${heading}: ${figures}`,
      ),
    );
  }
}
