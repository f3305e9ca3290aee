import type { App } from '@slack/bolt';
import type { Place } from '../core/invocation';
import type { ChannelPoster } from '../core/ports';
import { cardReply, type Reply } from '../core/reply';
import type { HandedFile, ReportPublisher } from '../reports/report-desk';
import type { ReportFiles } from '../reports/report-files';
import type { MadeReport } from '../reports/report-maker';
import { slackText } from './slack/slack-text';

const day = (d: Date) => d.toISOString().slice(0, 10);
const headingOf = (report: MadeReport) =>
  `${report.title}: ${report.customer.name}, ${report.period.label}`;

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
    if (place.channel === 'slack') return this.uploadReport(place, report, note);
    await this.deps.poster.post(place, await this.readyCard(report, note));
  }

  async handOver(place: Place, report: MadeReport): Promise<Reply> {
    if (place.channel !== 'slack') return this.readyCard(report);
    await this.uploadReport(place, report);
    return readyReply(report, {
      note: '',
      url: '',
      where: 'The PDF is posted in this conversation.',
    });
  }

  async handOverFile(place: Place, file: HandedFile): Promise<Reply> {
    const now = this.deps.clock?.() ?? new Date();
    if (place.channel === 'slack') {
      await this.upload(
        place,
        file.bytes,
        file.fileName,
        file.title,
        `${file.title}: ${file.summary}`,
      );
      return fileReply(file, '', 'The file is posted in this conversation.');
    }
    const link = await this.deps.files.keep(
      { customer: file.customer, fileName: file.fileName, title: file.title, pdf: file.bytes },
      now,
    );
    return fileReply(
      file,
      link.url,
      `The link works until ${day(link.expires)} and every download is recorded.`,
    );
  }

  private uploadReport(place: Place, report: MadeReport, note?: string): Promise<void> {
    const heading = headingOf(report);
    const comment = `${heading}${note ? ` (${note})` : ''}\n${figuresOf(report)}`;
    return this.upload(place, report.pdf, report.fileName, heading, comment);
  }

  /**
   * A file into a Slack conversation. Its comment is message text (mrkdwn) and carries what
   * people and devices wrote (a ticket's summary, software names, a `--who`): escaped.
   */
  private async upload(
    place: Place,
    bytes: Buffer,
    fileName: string,
    title: string,
    comment: string,
  ): Promise<void> {
    if (!this.deps.slack) throw new Error('Slack is not configured');
    await this.deps.slack.client.filesUploadV2({
      channel_id: place.conversationId,
      file: bytes,
      filename: fileName,
      title,
      initial_comment: slackText(comment),
    });
  }

  /** Teams: the PDF kept behind a signed link that expires, on a card that says it is ready. */
  private async readyCard(report: MadeReport, note?: string): Promise<Reply> {
    const now = this.deps.clock?.() ?? new Date();
    const link = await this.deps.files.keep(
      {
        customer: report.customer.id,
        fileName: report.fileName,
        title: headingOf(report),
        pdf: report.pdf,
      },
      now,
    );
    return readyReply(report, {
      note: note ?? '',
      url: link.url,
      where: `The link works until ${day(link.expires)} and every download is recorded.`,
    });
  }
}

const figuresOf = (report: MadeReport) =>
  report.highlights.map((h) => `${h.title}: ${h.value}`).join(' · ');

function readyReply(
  report: MadeReport,
  parts: { note: string; url: string; where: string },
): Reply {
  const heading = headingOf(report);
  return cardReply(
    'report-ready',
    { title: heading, facts: report.highlights, download: 'Download PDF', ...parts },
    `${heading}: ${figuresOf(report)}`,
    { private: false },
  );
}

function fileReply(file: HandedFile, url: string, where: string): Reply {
  return cardReply(
    'report-ready',
    {
      title: file.title,
      facts: [{ title: 'Contents', value: file.summary }],
      note: '',
      url,
      where,
      download: `Download ${file.fileName.split('.').pop()?.toUpperCase() ?? 'file'}`,
    },
    `${file.title}: ${file.summary}`,
    { private: true },
  );
}
